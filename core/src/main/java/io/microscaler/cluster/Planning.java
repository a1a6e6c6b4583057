package io.microscaler.cluster;

import io.microscaler.cluster.PlannedAction.Start;
import io.microscaler.cluster.PlannedAction.Stop;
import io.microscaler.cluster.PlannedAction.StopCause;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run of {@link ClusterPlanner}: a scratch {@link Packing} that the passes change as they
 * decide, and the actions they collect. Mutable, never shared, discarded after {@link #run()}.
 */
final class Planning {

    private static final String PLANNED = "planned:";

    private final List<ServiceWish> byPriority;
    private final Map<String, ServiceWish> wishes = new LinkedHashMap<>();
    private final Packing packing;
    private final Map<String, List<PlacedTask>> fargate = new HashMap<>();
    private final Map<String, Integer> newFargate = new HashMap<>();
    private final Map<String, Integer> heldBack = new HashMap<>();
    /** Victim → the services it gave way to, with how many tasks each. */
    private final Map<String, Map<String, Integer>> displacedBy = new HashMap<>();
    private final List<PlannedAction> makeRoom = new ArrayList<>();
    private final List<PlannedAction> starts = new ArrayList<>();
    private final List<PlannedAction> afterwards = new ArrayList<>();
    private final RoomMaker roomMaker;
    private int planned;

    Planning(List<ServiceWish> wishList, ClusterState cluster) {
        for (ServiceWish w : wishList) {
            if (wishes.put(w.service(), w) != null) {
                throw new IllegalArgumentException("one wish per service, but " + w.service() + " has several");
            }
            fargate.put(w.service(), new ArrayList<>());
        }
        byPriority = wishList.stream().sorted(Comparator.comparingInt(ServiceWish::priority).reversed()
                .thenComparing(ServiceWish::service)).toList();
        packing = Packing.of(cluster.instances());
        for (PlacedTask t : cluster.fargateTasks()) {
            if (wishes.containsKey(t.service())) {
                fargate.get(t.service()).add(t);
            }
        }
        for (InstanceState i : cluster.instances()) {
            if (i.draining()) {
                i.tasks().stream().filter(t -> wishes.containsKey(t.service())).forEach(t ->
                        afterwards.add(new Stop(t.service(), t.taskId(), Location.ec2(i.id()), StopCause.INSTANCE_DRAINING)));
            }
        }
        roomMaker = new RoomMaker(wishes, service -> running(service) - wishes.get(service).min());
    }

    static boolean isPlanned(PlacedTask t) {
        return t.taskId().startsWith(PLANNED);
    }

    Allocation run() {
        byPriority.forEach(this::scaleIn);
        byPriority.forEach(this::fit);
        List<Grant> grants = byPriority.stream().map(this::grant).toList();
        List<PlannedAction> actions = new ArrayList<>(makeRoom);
        actions.addAll(starts);
        actions.addAll(afterwards);
        return new Allocation(grants, actions);
    }

    /** Fewer wanted than running: stop Fargate tasks first, then EC2 tasks on the emptiest instances. */
    private void scaleIn(ServiceWish w) {
        int surplus = running(w.service()) - w.wanted();
        List<PlacedTask> onFargate = fargate.get(w.service());
        for (; surplus > 0 && !onFargate.isEmpty(); surplus--) {
            PlacedTask t = onFargate.remove(onFargate.size() - 1);
            makeRoom.add(new Stop(w.service(), t.taskId(), Location.FARGATE, StopCause.SCALE_IN));
        }
        for (; surplus > 0; surplus--) {
            Packing.Slot slot = packing.slots().stream().filter(s -> count(s, w.service()) > 0)
                    .min(Comparator.<Packing.Slot>comparingInt(s -> s.tasks.size())
                            .thenComparing(Comparator.<Packing.Slot>comparingInt(s -> s.freeMemory).reversed())
                            .thenComparing(s -> s.id))
                    .orElseThrow();
            PlacedTask t = slot.tasks.stream().filter(x -> x.service().equals(w.service())).reduce((a, b) -> b).orElseThrow();
            packing.unplace(slot, t);
            makeRoom.add(new Stop(w.service(), t.taskId(), Location.ec2(slot.id), StopCause.SCALE_IN));
        }
    }

    /** Free room first, then room made by lower priorities, then Fargate or held back; then Fargate tasks come home. */
    private void fit(ServiceWish w) {
        int missing = w.wanted() - running(w.service());
        while (missing > 0) {
            Optional<Packing.Slot> free = packing.binpack(w.size());
            if (free.isPresent()) {
                startOn(free.get(), w);
            } else {
                Optional<RoomMaker.Room> room = roomMaker.find(packing, w);
                if (room.isEmpty()) {
                    break;
                }
                for (PlacedTask victim : room.get().victims()) {
                    packing.unplace(room.get().slot(), victim);
                    makeRoom.add(new Stop(victim.service(), victim.taskId(), Location.ec2(room.get().slot().id), StopCause.DISPLACED));
                    displacedBy.computeIfAbsent(victim.service(), v -> new LinkedHashMap<>()).merge(w.service(), 1, Integer::sum);
                }
                startOn(room.get().slot(), w);
            }
            missing--;
        }
        if (missing > 0 && w.fargateAllowed()) {
            newFargate.put(w.service(), missing);
            for (int i = 0; i < missing; i++) {
                starts.add(new Start(w.service(), Location.FARGATE, w.size()));
            }
        } else if (missing > 0) {
            heldBack.put(w.service(), missing);
        } else {
            returnFromFargate(w);
        }
    }

    /** EC2 room is back: each overflow task that fits is replaced by an EC2 task, then stopped. */
    private void returnFromFargate(ServiceWish w) {
        List<PlacedTask> onFargate = fargate.get(w.service());
        while (!onFargate.isEmpty()) {
            Optional<Packing.Slot> free = packing.binpack(w.size());
            if (free.isEmpty()) {
                return;
            }
            startOn(free.get(), w);
            PlacedTask t = onFargate.remove(onFargate.size() - 1);
            afterwards.add(new Stop(w.service(), t.taskId(), Location.FARGATE, StopCause.REPLACED_ON_EC2));
        }
    }

    private void startOn(Packing.Slot slot, ServiceWish w) {
        packing.place(slot, new PlacedTask(PLANNED + (++planned), w.service(), w.size()));
        starts.add(new Start(w.service(), Location.ec2(slot.id), w.size()));
    }

    /** Tasks the service has now in the plan: on ACTIVE instances and on Fargate (draining ones are going). */
    private int running(String service) {
        return ec2(service) + fargate.get(service).size() + newFargate.getOrDefault(service, 0);
    }

    private int ec2(String service) {
        return packing.slots().stream().mapToInt(s -> count(s, service)).sum();
    }

    private static int count(Packing.Slot slot, String service) {
        return (int) slot.tasks.stream().filter(t -> t.service().equals(service)).count();
    }

    private Grant grant(ServiceWish w) {
        String s = w.service();
        Map<String, Integer> by = displacedBy.getOrDefault(s, Map.of());
        int displaced = by.values().stream().mapToInt(Integer::intValue).sum();
        int held = heldBack.getOrDefault(s, 0);
        int onFargate = fargate.get(s).size() + newFargate.getOrDefault(s, 0);
        List<String> displacers = byPriority.stream().map(ServiceWish::service).filter(by::containsKey).toList();
        List<String> holders = held == 0 ? List.of() : byPriority.stream()
                .filter(o -> o.priority() > w.priority() && ec2(o.service()) > 0).map(ServiceWish::service).toList();
        String message = GrantMessages.of(w, ec2(s), onFargate, held, by, holders, wishes);
        return new Grant(s, w.priority(), w.wanted(), ec2(s), onFargate, held, displaced, displacers, holders, message);
    }
}
