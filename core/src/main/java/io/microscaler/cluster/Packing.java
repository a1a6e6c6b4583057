package io.microscaler.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A scratch copy of the ACTIVE instances' free capacity and tasks, to try placements on without
 * touching the inputs. Mutable; lives inside one computation and is never shared.
 *
 * <p>Placement is ECS's {@code binpack} on memory, which the task-mode actuator asks for: the
 * instance with the least free memory that fits (then least free CPU, then id, so the result is
 * repeatable). Packing tightly keeps whole instances free for large tasks and empty ones for scale-in.
 */
final class Packing {

    /** One instance's room and tasks. */
    static final class Slot {
        final String id;
        int freeCpu;
        int freeMemory;
        final List<PlacedTask> tasks;

        Slot(String id, int freeCpu, int freeMemory, List<PlacedTask> tasks) {
            this.id = id;
            this.freeCpu = freeCpu;
            this.freeMemory = freeMemory;
            this.tasks = new ArrayList<>(tasks);
        }

        boolean fits(TaskSize size) {
            return size.fitsIn(freeCpu, freeMemory);
        }
    }

    private static final Comparator<Slot> BINPACK_MEMORY = Comparator.<Slot>comparingInt(s -> s.freeMemory)
            .thenComparingInt(s -> s.freeCpu)
            .thenComparing(s -> s.id);

    private final Map<String, Slot> slots = new LinkedHashMap<>();

    /** The ACTIVE instances of {@code instances}, sorted by id; draining ones take nothing. */
    static Packing of(List<InstanceState> instances) {
        Packing p = new Packing();
        instances.stream().filter(i -> !i.draining()).sorted(Comparator.comparing(InstanceState::id))
                .forEach(i -> p.slots.put(i.id(), new Slot(i.id(), i.freeCpu(), i.freeMemoryMiB(), i.tasks())));
        return p;
    }

    List<Slot> slots() {
        return List.copyOf(slots.values());
    }

    Slot slot(String id) {
        return slots.get(id);
    }

    /** Forgets an instance, as if it had left. */
    void remove(String id) {
        slots.remove(id);
    }

    /** Where binpack on memory would put a task of this size, if anywhere. */
    Optional<Slot> binpack(TaskSize size) {
        return slots.values().stream().filter(s -> s.fits(size)).min(BINPACK_MEMORY);
    }

    void place(Slot slot, PlacedTask task) {
        slot.freeCpu -= task.size().cpu();
        slot.freeMemory -= task.size().memoryMiB();
        slot.tasks.add(task);
    }

    void unplace(Slot slot, PlacedTask task) {
        if (!slot.tasks.remove(task)) {
            throw new IllegalStateException("task " + task.taskId() + " is not on " + slot.id);
        }
        slot.freeCpu += task.size().cpu();
        slot.freeMemory += task.size().memoryMiB();
    }

    int headroom(TaskSize largest) {
        int total = 0;
        for (Slot s : slots.values()) {
            total += Headroom.fits(s.freeCpu, s.freeMemory, largest);
        }
        return total;
    }
}
