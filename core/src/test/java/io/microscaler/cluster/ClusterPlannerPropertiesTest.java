package io.microscaler.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The planner over random clusters (1–4 instances of mixed sizes, some draining, partly filled with
 * tasks of three services of different sizes, some on Fargate) and random wishes. jqwik draws the
 * seeds; a failure reports the seed, which replays the case. Each plan is carried out on a copy of
 * the cluster, action by action, in its order.
 */
class ClusterPlannerPropertiesTest {

    private static final Map<String, TaskSize> SIZES = Map.of(
            "a", new TaskSize(1024, 1024), "b", new TaskSize(512, 2048), "c", new TaskSize(256, 512));
    private static final int[] PRIORITIES = {0, 10, 50, 100};

    record Case(List<ServiceWish> wishes, ClusterState cluster) {
    }

    static Case randomCase(Random r) {
        List<ServiceWish> wishes = new ArrayList<>();
        for (String s : List.of("a", "b", "c")) {
            wishes.add(new ServiceWish(s, PRIORITIES[r.nextInt(PRIORITIES.length)], r.nextInt(4), r.nextInt(13), SIZES.get(s),
                    r.nextBoolean()));
        }
        List<InstanceState> instances = new ArrayList<>();
        int ids = 0;
        for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
            int cpu = r.nextBoolean() ? 2048 : 4096;
            int memory = new int[] {2048, 4096, 8192}[r.nextInt(3)];
            int freeCpu = cpu;
            int freeMemory = memory;
            List<PlacedTask> tasks = new ArrayList<>();
            for (int k = 0; k < 10; k++) {
                String s = List.of("a", "b", "c", "other").get(r.nextInt(4));
                TaskSize size = SIZES.getOrDefault(s, new TaskSize(512, 512));
                if (size.fitsIn(freeCpu, freeMemory) && r.nextInt(3) > 0) {
                    tasks.add(new PlacedTask("t" + (++ids), s, size));
                    freeCpu -= size.cpu();
                    freeMemory -= size.memoryMiB();
                }
            }
            instances.add(new InstanceState("i-" + i, cpu, memory, freeCpu, freeMemory, tasks, r.nextInt(6) == 0));
        }
        List<PlacedTask> fargate = new ArrayList<>();
        for (ServiceWish w : wishes) {
            for (int k = r.nextInt(3); k > 0; k--) {
                fargate.add(new PlacedTask("f" + (++ids), w.service(), w.size()));
            }
        }
        return new Case(wishes, new ClusterState(instances, fargate));
    }

    /** The cluster while a plan is carried out: free capacity per instance and where each task is. */
    static final class Applied {
        final Map<String, int[]> free = new HashMap<>();
        final Map<String, Location> where = new HashMap<>();
        final Map<String, String> serviceOf = new HashMap<>();
        final Set<String> draining = new HashSet<>();
        int started;

        Applied(ClusterState cluster) {
            for (InstanceState i : cluster.instances()) {
                free.put(i.id(), new int[] {i.freeCpu(), i.freeMemoryMiB()});
                if (i.draining()) {
                    draining.add(i.id());
                }
                i.tasks().forEach(t -> put(t, Location.ec2(i.id())));
            }
            cluster.fargateTasks().forEach(t -> put(t, Location.FARGATE));
        }

        private void put(PlacedTask t, Location l) {
            where.put(t.taskId(), l);
            serviceOf.put(t.taskId(), t.service());
        }

        void apply(PlannedAction action, long seed) {
            if (action instanceof PlannedAction.Stop stop) {
                Location was = where.remove(stop.taskId());
                assertThat(was).as("seed %d: %s stops a task that runs there", seed, stop).isEqualTo(stop.where());
                if (!was.fargate()) {
                    free.get(was.instanceId())[0] += SIZES.get(stop.service()).cpu();
                    free.get(was.instanceId())[1] += SIZES.get(stop.service()).memoryMiB();
                }
                return;
            }
            PlannedAction.Start start = (PlannedAction.Start) action;
            String id = "new" + (++started);
            where.put(id, start.where());
            serviceOf.put(id, start.service());
            if (!start.where().fargate()) {
                assertThat(draining).as("seed %d: %s starts on a draining instance", seed, start)
                        .doesNotContain(start.where().instanceId());
                int[] f = free.get(start.where().instanceId());
                f[0] -= start.size().cpu();
                f[1] -= start.size().memoryMiB();
                assertThat(f[0] >= 0 && f[1] >= 0).as("seed %d: %s overfills its instance", seed, start).isTrue();
            }
        }

        long count(String service, boolean onFargate) {
            return where.entrySet().stream().filter(e -> serviceOf.get(e.getKey()).equals(service)
                    && e.getValue().fargate() == onFargate).count();
        }
    }

    @Property(tries = 500)
    void aPlanNeverOverfillsAnInstanceAndGrantsWhatItDoes(@ForAll long seed) {
        Case c = randomCase(new Random(seed));

        Allocation plan = ClusterPlanner.plan(c.wishes(), c.cluster());

        Applied applied = new Applied(c.cluster());
        plan.actions().forEach(a -> applied.apply(a, seed));
        for (Grant g : plan.grants()) {
            assertThat(g.granted()).as("seed %d: %s on EC2", seed, g.service()).isEqualTo(applied.count(g.service(), false));
            assertThat(g.fargate()).as("seed %d: %s on Fargate", seed, g.service()).isEqualTo(applied.count(g.service(), true));
            assertThat(g.granted() + g.fargate() + g.heldBack()).isEqualTo(g.wanted());
        }
    }

    @Property(tries = 500)
    void displacementNeverTakesAServiceBelowItsMinimum(@ForAll long seed) {
        Case c = randomCase(new Random(seed));

        Allocation plan = ClusterPlanner.plan(c.wishes(), c.cluster());

        for (ServiceWish w : c.wishes()) {
            long before = c.cluster().fargateTasks().stream().filter(t -> t.service().equals(w.service())).count()
                    + c.cluster().instances().stream().filter(i -> !i.draining()).flatMap(i -> i.tasks().stream())
                    .filter(t -> t.service().equals(w.service())).count();
            Grant g = plan.grant(w.service()).orElseThrow();
            assertThat(g.granted() + g.fargate()).as("seed %d: %s (%s)", seed, w, g.message())
                    .isGreaterThanOrEqualTo((int) Math.min(Math.min(w.min(), w.wanted()), before));
        }
    }

    @Property(tries = 500)
    void stopsThatMakeRoomGoFirstAndStopsAwaitingReplacementsLast(@ForAll long seed) {
        Case c = randomCase(new Random(seed));

        List<PlannedAction> actions = ClusterPlanner.plan(c.wishes(), c.cluster()).actions();

        int phase = 0; // 0: stops making room, 1: starts, 2: stops after replacement
        for (PlannedAction a : actions) {
            int p = a instanceof PlannedAction.Stop s ? (s.afterReplacement() ? 2 : 0) : 1;
            assertThat(p).as("seed %d: %s after phase %d", seed, a, phase).isGreaterThanOrEqualTo(phase);
            phase = p;
        }
    }
}
