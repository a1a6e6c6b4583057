package io.microscaler.demo;

import io.microscaler.service.Microscaler;
import io.microscaler.cluster.PlannerStage;
import io.microscaler.bus.Addresses;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.config.ServiceConfig;
import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import io.microscaler.window.DemandKind;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceStatus;

/**
 * The cluster demos: {@code contention}, {@code spot} and {@code rebalance}, on a small cluster with the cluster
 * planner and the instance scaling on ({@code cluster.enabled}), both services in task mode.
 *
 * <ul>
 *   <li><b>contention</b>: two on-demand instances of 1 vCPU / 2 GiB (4 demo tasks each) shared by
 *       a high-priority image server (2 tasks) and a low-priority queue worker (5 tasks, from the
 *       queue's depth): one task of room. A spike on the image server (80 → 400 requests/s at
 *       30 s) needs more than is free, so the worker gives way, the group grows, and the worker
 *       gets its tasks back once the new instance joins.</li>
 *   <li><b>spot</b>: the same services on three spot instances under steady load; at 40 s the
 *       instance with the most image-server tasks gets a spot interruption warning (a 30 s
 *       notice in the local cloud; 2 minutes on AWS).</li>
 *   <li><b>rebalance</b>: as spot, but at 40 s that instance first gets an EC2 rebalance
 *       recommendation, and the interruption warning follows one notice later (at 70 s): by then
 *       a replacement has joined, the tasks have moved and the instance has gone.</li>
 * </ul>
 *
 * <p>The high-priority service is the configuration's highest priority (it gets the traffic), the
 * low-priority one its lowest; services with {@code demand: queue-depth} get a queue depth of
 * {@value #QUEUE_DEPTH} once a second. Prints a line every 5 s and, at the end, the times of
 * {@link ClusterTimeline}.
 */
final class ClusterDemo {

    static final String CONFIG = "/demo/microscaler-cluster.yaml";
    static final String CONTENTION = "contention";
    static final String SPOT = "spot";
    static final String REBALANCE = "rebalance";
    static final double QUEUE_DEPTH = 1500;
    static final Duration SPIKE_START = Duration.ofSeconds(30);
    static final Duration INTERRUPT_AT = Duration.ofSeconds(40);
    static final double STEADY_RATE = 250;

    private final DemoOptions options;
    private final PrintStream out;
    private final CountDownLatch stop;
    private final Duration spotNotice;

    ClusterDemo(DemoOptions options, PrintStream out, CountDownLatch stop, Duration spotNotice) {
        this.options = options;
        this.out = out;
        this.stop = stop;
        this.spotNotice = spotNotice;
    }

    static boolean handles(String scenario) {
        return CONTENTION.equals(scenario) || SPOT.equals(scenario) || REBALANCE.equals(scenario);
    }

    /** The image server's traffic in this scenario. */
    static Scenario traffic(String scenario, double scale) {
        return CONTENTION.equals(scenario)
                ? new Scenario.Spike(Scenario.Spike.DEFAULT_BASE * scale, Scenario.Spike.DEFAULT_FACTOR, SPIKE_START,
                Scenario.Spike.DEFAULT_LENGTH)
                : new Scenario.Steady(STEADY_RATE * scale);
    }

    /** The Auto Scaling group: small on purpose, so the services contend for it. */
    static LocalWorld.Fleet fleet(String scenario, MicroscalerConfig config) {
        var instance = config.cluster().instance();
        return CONTENTION.equals(scenario) ? new LocalWorld.Fleet(2, 5, instance.cpu(), instance.memoryMiB(), false)
                : new LocalWorld.Fleet(3, 5, instance.cpu(), instance.memoryMiB(), true);
    }

    /** Refuses a configuration the cluster demos cannot show anything with. */
    static void check(MicroscalerConfig config) {
        if (!config.cluster().enabled() || config.services().size() < 2
                || config.services().values().stream().anyMatch(s -> !s.placement().taskMode())) {
            throw new IllegalArgumentException("the contention, spot and rebalance demos need cluster.enabled: true and at least two"
                    + " services, all with mode: tasks (as in the demo's own " + CONFIG + ")");
        }
    }

    int play(LocalWorld world, Microscaler microscaler, MicroscalerConfig config, Scenario traffic) throws Exception {
        String high = config.services().values().stream().max(Comparator.comparingInt(s -> s.placement().priority()))
                .orElseThrow().id();
        String low = config.services().values().stream().min(Comparator.comparingInt(s -> s.placement().priority()))
                .orElseThrow().id();
        ClusterReader reader = new ClusterReader(world, config, new PatientReads(stop));
        Bus bus = new Bus(microscaler, high);
        out.printf("demo: %s on cluster '%s': '%s' (priority %d) behind http://127.0.0.1:%d/iiif/…, '%s' (priority %d);"
                        + " autoscaler API http://127.0.0.1:%d/api/services%n", options.scenario(),
                config.actuator().aws().cluster(), high, config.services().get(high).placement().priority(),
                world.loadBalancerPorts().get(high), low, config.services().get(low).placement().priority(),
                microscaler.httpPort());
        out.printf("demo: live status page http://127.0.0.1:%d/%n", microscaler.httpPort());
        long feed = world.vertx().setPeriodic(0, 1000, id -> config.services().values().stream()
                .filter(s -> s.policy().demand().filter(d -> d.kind() == DemandKind.QUEUE_DEPTH).isPresent())
                .forEach(s -> world.sendDemand(s.id(), DemandKind.QUEUE_DEPTH, QUEUE_DEPTH)));
        try {
            if (!awaitWishes(world, config, bus)) {
                return 1;
            }
            out.printf("demo: %s for %d s%n", traffic == null ? "traffic from outside to port "
                    + world.loadBalancerPorts().get(high) : traffic.describe(), options.duration().toSeconds());
            bus.restartClock();
            TrafficGenerator generator = null;
            if (traffic != null) {
                generator = new TrafficGenerator(traffic, TrafficSettings.defaults("127.0.0.1", world.loadBalancerPorts().get(high)));
                LocalWorld.await(world.vertx().deployVerticle(generator));
            }
            List<ClusterSample> samples = run(world, config, bus, reader, generator, high);
            if (generator != null) {
                LocalWorld.await(world.vertx().undeploy(generator.deploymentID()));
            }
            summarise(samples, bus, high, low, reader, world);
            return 0;
        } finally {
            world.vertx().cancelTimer(feed);
        }
    }

    /**
     * Waits until every service has its first count healthy: its wish, or before any its initial
     * count (task mode starts a service that has no tasks with max(initialTasks, minTasks)).
     */
    private boolean awaitWishes(LocalWorld world, MicroscalerConfig config, Bus bus) throws InterruptedException {
        out.println("demo: waiting for the services' first tasks (task mode starts them from zero)");
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (true) {
            boolean ready = config.services().values().stream().allMatch(s -> {
                int wish = bus.wish(s.id());
                int first = wish > 0 ? wish : Math.max(s.initialTasks(), s.policy().minTasks());
                return world.healthyTargets(s.id()) >= first;
            });
            if (ready) {
                return true;
            }
            if (System.nanoTime() > deadline || stop.await(500, TimeUnit.MILLISECONDS)) {
                out.println("demo: the services did not reach their first counts; wishes " + bus.wishes());
                return false;
            }
        }
    }

    private List<ClusterSample> run(LocalWorld world, MicroscalerConfig config, Bus bus, ClusterReader reader,
                                    TrafficGenerator generator, String high) throws Exception {
        List<ClusterSample> samples = new ArrayList<>();
        long start = bus.clockStart; // the same zero as the decisions' times
        long end = start + options.duration().toNanos();
        long nextPrint = 0;
        while (System.nanoTime() < end) {
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (stop.await(1000 - elapsedMs % 1000, TimeUnit.MILLISECONDS)) {
                out.printf("demo: stopped after %.0f s%n", (System.nanoTime() - start) / 1e9);
                break;
            }
            double at = (System.nanoTime() - start) / 1e9;
            ClusterSample sample;
            try {
                if (SPOT.equals(options.scenario()) && !reader.interrupted() && at >= INTERRUPT_AT.toSeconds()) {
                    String instance = reader.interruptBusiest(config.services().get(high).placement().taskDefinition());
                    bus.warnedAt = at;
                    out.printf("demo: t=%.0fs spot interruption warning for %s (the instance with the most '%s' tasks)%n",
                            at, instance, high);
                }
                if (REBALANCE.equals(options.scenario()) && !reader.interrupted() && at >= INTERRUPT_AT.toSeconds()) {
                    String instance = reader.recommendRebalanceOfBusiest(config.services().get(high).placement().taskDefinition());
                    bus.warnedAt = at;
                    out.printf("demo: t=%.0fs rebalance recommendation for %s (the instance with the most '%s' tasks)%n",
                            at, instance, high);
                }
                if (REBALANCE.equals(options.scenario()) && bus.warnedAt >= 0 && bus.interruptionAt < 0
                        && at >= bus.warnedAt + spotNotice.toSeconds()) {
                    bus.interruptionAt = at;
                    bus.interruptionFound = reader.interruptAtRisk();
                    out.printf("demo: t=%.0fs spot interruption warning for %s: %s%n", at, reader.atRisk(),
                            bus.interruptionFound ? "it is still in the group" : "it had already left (nothing to interrupt)");
                }
                ClientSnapshot clients = generator != null ? LocalWorld.await(generator.snapshot())
                        : LocalWorld.await(world.loadBalancer(high).traffic());
                Map<String, ClusterSample.ServicePoint> points = new LinkedHashMap<>();
                for (ServiceConfig s : config.services().values()) {
                    points.put(s.id(), new ClusterSample.ServicePoint(bus.wish(s.id()), bus.applied(s.id()),
                            world.healthyTargets(s.id()), reader.onInterrupted(s)));
                }
                sample = new ClusterSample(at, points, reader.instances(ContainerInstanceStatus.ACTIVE),
                        reader.instances(ContainerInstanceStatus.DRAINING), reader.groupDesired(), clients.offeredPerSecond(),
                        clients.p95Millis().orElse(Double.NaN));
            } catch (ClusterReader.Unanswered e) {
                continue; // the cloud did not answer this second (faults, throttling): the demo goes on
            }
            samples.add(sample);
            if (System.nanoTime() - start >= nextPrint) {
                out.println(sample.line());
                nextPrint += Demo.PRINT_EVERY.toNanos();
            }
        }
        return samples;
    }

    private void summarise(List<ClusterSample> samples, Bus bus, String high, String low, ClusterReader reader,
                           LocalWorld world) {
        out.println("demo summary (" + options.scenario() + "):");
        if (CONTENTION.equals(options.scenario())) {
            out.printf("  spike on '%s' at t=%d s; times from then:%n", high, SPIKE_START.toSeconds());
            ClusterTimeline.contention(SPIKE_START.toSeconds(), high, low, samples, bus.displaced)
                    .describe(high, low).forEach(line -> out.println("  " + line));
        } else if (REBALANCE.equals(options.scenario()) && bus.warnedAt >= 0) {
            out.printf("  rebalance recommendation at t=%.0f s; times from then:%n", bus.warnedAt);
            ClusterTimeline.rebalance(bus.warnedAt, high, samples).describe(high).forEach(line -> out.println("  " + line));
            out.println("  spot interruption warning for it at " + (bus.interruptionAt < 0 ? "(not sent: the run ended first)"
                    : String.format(java.util.Locale.ROOT, "t=%.0f s: %s", bus.interruptionAt, bus.interruptionFound
                    ? "the instance was still in the group" : "the instance had already left")));
        } else if (bus.warnedAt >= 0) {
            double notice = spotNotice.toMillis() / 1000.0;
            out.printf("  spot interruption warning at t=%.0f s, %.0f s notice; times from then:%n", bus.warnedAt, notice);
            ClusterTimeline.spot(bus.warnedAt, high, samples).describe(high, notice).forEach(line -> out.println("  " + line));
        } else {
            out.println("  the run ended before the spot interruption");
        }
        ClusterSample last = samples.isEmpty() ? null : samples.get(samples.size() - 1);
        if (last != null) {
            out.println("  at the end: " + last.line());
        }
        out.printf("  decisions by the cluster planner: %d (%d displacements)%n", bus.plannerDecisions.get(),
                bus.displaced.size());
    }

    /** What the autoscaler says on its bus: each service's wish, the count applied, displacements. */
    private static final class Bus {
        private final Map<String, Integer> wishes = new ConcurrentHashMap<>();
        private final Map<String, Integer> applied = new ConcurrentHashMap<>();
        final List<ClusterTimeline.Displaced> displaced = new CopyOnWriteArrayList<>();
        final java.util.concurrent.atomic.AtomicInteger plannerDecisions = new java.util.concurrent.atomic.AtomicInteger();
        private volatile long clockStart = System.nanoTime();
        volatile double warnedAt = -1;
        volatile double interruptionAt = -1;
        volatile boolean interruptionFound;

        Bus(Microscaler microscaler, String high) {
            var bus = microscaler.vertx().eventBus();
            bus.<Decision>localConsumer(Addresses.DECISIONS, m -> {
                if (m.body().reason() != Reason.CAPACITY_UNKNOWN) {
                    wishes.put(m.body().service(), m.body().to()); // a hold before the count is known is not a wish
                }
            });
            bus.<Decision>localConsumer(Addresses.GRANTS, m -> {
                Decision d = m.body();
                plannerDecisions.incrementAndGet();
                if (d.reason() == Reason.DISPLACED) {
                    displaced.add(new ClusterTimeline.Displaced((System.nanoTime() - clockStart) / 1e9, d.service(),
                            d.from(), d.to(), d.message()));
                }
            });
            bus.<Decision>localConsumer(Addresses.PLANNED_DECISIONS, m -> applied.put(m.body().service(), m.body().to()));
            // A service whose policy has not decided wishes for what it runs, as the planner takes it
            bus.<io.microscaler.bus.CapacityObserved>localConsumer(Addresses.CAPACITY,
                    m -> wishes.putIfAbsent(m.body().service(), m.body().capacity().desired()));
        }

        void restartClock() {
            clockStart = System.nanoTime();
            displaced.clear();
        }

        int wish(String service) {
            return wishes.getOrDefault(service, -1);
        }

        int applied(String service) {
            return applied.getOrDefault(service, -1);
        }

        Map<String, Integer> wishes() {
            return Map.copyOf(wishes);
        }
    }
}
