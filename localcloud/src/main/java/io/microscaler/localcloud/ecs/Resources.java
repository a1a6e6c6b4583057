package io.microscaler.localcloud.ecs;

/** CPU units (1024 per vCPU) and memory (MiB): what a task needs, an instance has or has left. */
public record Resources(int cpu, int memory) {

    public static final Resources NONE = new Resources(0, 0);

    public Resources plus(Resources other) {
        return new Resources(cpu + other.cpu, memory + other.memory);
    }

    public Resources minus(Resources other) {
        return new Resources(cpu - other.cpu, memory - other.memory);
    }

    /** Why {@code need} does not fit into these resources, as ECS names it, or null when it fits. */
    public String shortfall(Resources need) {
        if (need.memory > memory) {
            return "RESOURCE:MEMORY";
        }
        return need.cpu > cpu ? "RESOURCE:CPU" : null;
    }
}
