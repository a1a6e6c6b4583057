package io.microscaler.cluster;

import java.util.Collection;

/**
 * What one task reserves on an instance: ECS CPU units (1024 = 1 vCPU) and MiB of memory.
 *
 * @param cpu       &gt; 0
 * @param memoryMiB &gt; 0
 */
public record TaskSize(int cpu, int memoryMiB) {

    public TaskSize {
        if (cpu <= 0) {
            throw new IllegalArgumentException("cpu must be > 0, but was " + cpu);
        }
        if (memoryMiB <= 0) {
            throw new IllegalArgumentException("memoryMiB must be > 0, but was " + memoryMiB);
        }
    }

    /** Whether a task of this size fits into this much free capacity. */
    public boolean fitsIn(int freeCpu, int freeMemoryMiB) {
        return cpu <= freeCpu && memoryMiB <= freeMemoryMiB;
    }

    /**
     * The largest task for headroom: the most CPU and the most memory any of {@code sizes} asks,
     * which may come from two services. A slot of this size holds a task of any of them, so
     * "headroom 1" means whichever service asks next fits.
     */
    public static TaskSize largestOf(Collection<TaskSize> sizes) {
        if (sizes.isEmpty()) {
            throw new IllegalArgumentException("sizes must not be empty");
        }
        int cpu = 0;
        int memory = 0;
        for (TaskSize s : sizes) {
            cpu = Math.max(cpu, s.cpu);
            memory = Math.max(memory, s.memoryMiB);
        }
        return new TaskSize(cpu, memory);
    }

    @Override
    public String toString() {
        return cpu + " CPU / " + memoryMiB + " MiB";
    }
}
