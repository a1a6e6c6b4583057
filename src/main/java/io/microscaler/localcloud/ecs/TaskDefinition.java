package io.microscaler.localcloud.ecs;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registered task definition revision.
 *
 * @param cpu    task-level CPU units, or null when only the containers set theirs
 * @param memory task-level MiB, or null when only the containers set theirs
 */
public record TaskDefinition(
        String arn,
        String family,
        int revision,
        String networkMode,
        Integer cpu,
        Integer memory,
        List<Container> containers,
        List<String> requiresCompatibilities,
        Instant registeredAt) {

    public TaskDefinition {
        containers = List.copyOf(containers);
        requiresCompatibilities = List.copyOf(requiresCompatibilities);
    }

    /**
     * One container definition: the fields the emulation uses, and all of them as given ({@code raw},
     * plain Java maps and lists) to describe it back.
     */
    public record Container(String name, Integer cpu, Integer memory, Integer memoryReservation,
            List<PortMapping> portMappings, Map<String, Object> raw) {

        public Container {
            portMappings = List.copyOf(portMappings);
            raw = Map.copyOf(raw);
        }
    }

    /** A container port; host port 0 (or absent) asks for a dynamic host port in bridge mode. */
    public record PortMapping(int containerPort, int hostPort, String protocol) {
    }

    /** What a task of this definition reserves on an instance: task-level values, else the containers' sums. */
    public Resources requirement() {
        int containerCpu = 0;
        int containerMemory = 0;
        for (Container c : containers) {
            containerCpu += c.cpu() == null ? 0 : c.cpu();
            containerMemory += c.memory() != null ? c.memory() : c.memoryReservation() == null ? 0 : c.memoryReservation();
        }
        return new Resources(cpu != null ? cpu : containerCpu, memory != null ? memory : containerMemory);
    }

    /** The container the runtime starts: the first with a port mapping, else the first. */
    public Container mainContainer() {
        return containers.stream().filter(c -> !c.portMappings().isEmpty()).findFirst().orElse(containers.get(0));
    }

    /** {@code family:revision}. */
    public String familyRevision() {
        return family + ":" + revision;
    }
}
