package io.microscaler.policy;

/**
 * What the policy knows of a service besides its window.
 *
 * @param capacity the observed task counts, or {@code null} while unknown
 * @param memory   what the policy remembered from its previous decisions (e.g. stabilisation history)
 */
public record ServiceState(String service, Capacity capacity, PolicyMemory memory) {

    public static ServiceState initial(String service) {
        return new ServiceState(service, null, PolicyMemory.EMPTY);
    }

    public ServiceState withCapacity(Capacity newCapacity) {
        return new ServiceState(service, newCapacity, memory);
    }

    public ServiceState withMemory(PolicyMemory newMemory) {
        return new ServiceState(service, capacity, newMemory);
    }
}
