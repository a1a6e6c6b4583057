package io.microscaler.cluster;

/**
 * What one container instance of the Auto Scaling group registers with ECS: CPU units and MiB
 * (e.g. 4096 / 7680 for a c5.xlarge, whose 8 GiB leave about 7.5 GiB after the OS and the agent).
 */
public record InstanceSize(int cpu, int memoryMiB) {

    public InstanceSize {
        if (cpu <= 0 || memoryMiB <= 0) {
            throw new IllegalArgumentException("cpu and memoryMiB must be > 0, but were " + cpu + " and " + memoryMiB);
        }
    }

    @Override
    public String toString() {
        return cpu + " CPU / " + memoryMiB + " MiB";
    }
}
