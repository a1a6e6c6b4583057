package io.microscaler.cluster;

import java.util.List;

/**
 * The schedulable-task headroom (docs/design.md section 6): how many more of the largest task the
 * cluster can place now.
 *
 * <pre>
 * headroom = Σ over ACTIVE instances of floor(min(freeCPU ÷ CPU of the largest task,
 *                                                 free memory ÷ memory of the largest task))
 * </pre>
 *
 * <p>Floor per instance, not over the sum: a task cannot span two instances, so two instances
 * with room for 0.6 of a task each can place none, not one. That is what "schedulable" means, and
 * it makes fragmentation visible: the metric only counts room a task can actually use. Draining
 * instances count for nothing: they take no new task.
 *
 * <p>Example: largest task 1024 CPU / 1024 MiB; instance A has 3072 CPU / 2048 MiB free → min(3, 2)
 * = 2; instance B 512 CPU / 6144 MiB → min(0.5, 6) → 0; headroom 2.
 */
public final class Headroom {

    private Headroom() {
    }

    public static int schedulableTasks(List<InstanceState> instances, TaskSize largest) {
        int total = 0;
        for (InstanceState i : instances) {
            if (!i.draining()) {
                total += fits(i.freeCpu(), i.freeMemoryMiB(), largest);
            }
        }
        return total;
    }

    /** How many of the largest task an empty instance of this size holds. */
    public static int tasksPerInstance(InstanceSize instance, TaskSize largest) {
        return fits(instance.cpu(), instance.memoryMiB(), largest);
    }

    /** floor(min(cpu ÷ task CPU, memory ÷ task memory)): whole tasks of this size in this much room. */
    static int fits(int cpu, int memoryMiB, TaskSize task) {
        return Math.min(Math.max(0, cpu) / task.cpu(), Math.max(0, memoryMiB) / task.memoryMiB());
    }
}
