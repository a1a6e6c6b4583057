package io.microscaler.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Finds the cheapest room for one task of a higher-priority service by stopping tasks of lower
 * priorities: on each instance, take its eligible victims lowest priority first (largest first
 * within a priority, so few stops do) until the task fits, then drop any victim not needed after
 * all. Of the instances where that works, choose the one whose highest victim priority is lowest,
 * then the fewest stops, then the instance id. Victims come only from services with a wish, of
 * strictly lower priority, and only while they stay at or above their minimum.
 */
final class RoomMaker {

    /** Stop {@code victims} on {@code slot}, then the task fits there. */
    record Room(Packing.Slot slot, List<PlacedTask> victims, int highestVictimPriority) {
    }

    private final Map<String, ServiceWish> wishes;
    private final ToIntFunction<String> spareAboveMin;

    /** @param spareAboveMin per service: how many tasks it can lose now and stay at or above its minimum */
    RoomMaker(Map<String, ServiceWish> wishes, ToIntFunction<String> spareAboveMin) {
        this.wishes = wishes;
        this.spareAboveMin = spareAboveMin;
    }

    Optional<Room> find(Packing packing, ServiceWish forWish) {
        Room best = null;
        for (Packing.Slot slot : packing.slots()) {
            Room room = onSlot(slot, forWish);
            if (room != null && (best == null || cheaper(room, best))) {
                best = room;
            }
        }
        return Optional.ofNullable(best);
    }

    private Room onSlot(Packing.Slot slot, ServiceWish forWish) {
        List<PlacedTask> candidates = new ArrayList<>();
        for (PlacedTask t : slot.tasks) {
            ServiceWish owner = wishes.get(t.service());
            if (owner != null && owner.priority() < forWish.priority() && !Planning.isPlanned(t)) {
                candidates.add(t);
            }
        }
        candidates.sort(Comparator.comparingInt((PlacedTask t) -> wishes.get(t.service()).priority())
                .thenComparing(Comparator.comparingInt((PlacedTask t) -> t.size().memoryMiB()).reversed())
                .thenComparing(Comparator.comparingInt((PlacedTask t) -> t.size().cpu()).reversed())
                .thenComparing(PlacedTask::taskId));
        List<PlacedTask> chosen = new ArrayList<>();
        Map<String, Integer> taken = new HashMap<>();
        int cpu = slot.freeCpu;
        int memory = slot.freeMemory;
        for (PlacedTask t : candidates) {
            if (forWish.size().fitsIn(cpu, memory)) {
                break;
            }
            if (taken.getOrDefault(t.service(), 0) >= spareAboveMin.applyAsInt(t.service())) {
                continue;
            }
            chosen.add(t);
            taken.merge(t.service(), 1, Integer::sum);
            cpu += t.size().cpu();
            memory += t.size().memoryMiB();
        }
        if (!forWish.size().fitsIn(cpu, memory)) {
            return null;
        }
        // Greedy order may have taken a small task first that the later, larger one made unnecessary.
        for (PlacedTask t : List.copyOf(chosen)) {
            if (forWish.size().fitsIn(cpu - t.size().cpu(), memory - t.size().memoryMiB())) {
                chosen.remove(t);
                cpu -= t.size().cpu();
                memory -= t.size().memoryMiB();
            }
        }
        int highest = chosen.stream().mapToInt(t -> wishes.get(t.service()).priority()).max().orElse(Integer.MIN_VALUE);
        return new Room(slot, chosen, highest);
    }

    private static boolean cheaper(Room a, Room b) {
        if (a.highestVictimPriority() != b.highestVictimPriority()) {
            return a.highestVictimPriority() < b.highestVictimPriority();
        }
        if (a.victims().size() != b.victims().size()) {
            return a.victims().size() < b.victims().size();
        }
        return a.slot().id.compareTo(b.slot().id) < 0;
    }
}
