package io.microscaler.demo;

import io.microscaler.bus.Addresses;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.config.ServiceConfig;
import io.microscaler.decision.Decision;
import io.microscaler.service.Microscaler;
import io.microscaler.window.DemandKind;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * {@code --scenario scale-to-zero}: a queue worker with {@code minTasks: 0} (the demo's
 * {@value #CONFIG}) sits at 0 tasks with an empty queue. After {@link #QUIET} of quiet,
 * {@value #BURST} jobs arrive; its queue's depth goes out as a demand event every
 * {@link #FEED_EVERY}, as a queue's monitor would send it, so the first depth above zero wakes
 * it ({@code activation}), its tasks start on the local cloud and work the queue off
 * ({@link QueueWorkers}), and once the queue is empty and the scale-down stabilisation has passed
 * it is back to 0 tasks. {@link #GAP} later the same again: a second cold start. The demo then
 * ends by itself, with each activation's timeline ({@link ZeroTimeline}).
 */
final class ZeroDemo {

    static final String SCENARIO = "scale-to-zero";
    static final String CONFIG = "/demo/microscaler-zero.yaml";
    static final Duration QUIET = Duration.ofSeconds(10);
    static final Duration GAP = Duration.ofSeconds(10);
    static final Duration TAIL = Duration.ofSeconds(2);
    static final int BURST = 200;
    static final int BURSTS = 2;
    static final Duration FEED_EVERY = Duration.ofMillis(500);
    /** The demo reads the service and the queue this often: the timeline's resolution. */
    static final long SAMPLE_MS = 100;
    /** One c5.xlarge-like instance is room enough for the worker's 4 tasks at most. */
    static final LocalWorld.Fleet FLEET = new LocalWorld.Fleet(1, 2, LocalWorld.INSTANCE_CPU, LocalWorld.INSTANCE_MEMORY,
            false);

    private final DemoOptions options;
    private final PrintStream out;
    private final CountDownLatch stop;
    private final Duration taskStartDelay;

    ZeroDemo(DemoOptions options, PrintStream out, CountDownLatch stop, Duration taskStartDelay) {
        this.options = options;
        this.out = out;
        this.stop = stop;
        this.taskStartDelay = taskStartDelay;
    }

    static boolean handles(String scenario) {
        return SCENARIO.equals(scenario);
    }

    /** Refuses a configuration whose first service cannot scale to zero on its queue's depth. */
    static void check(MicroscalerConfig config) {
        ServiceConfig s = config.services().values().iterator().next();
        if (s.policy().minTasks() != 0 || s.policy().demand().filter(d -> d.kind() == DemandKind.QUEUE_DEPTH).isEmpty()) {
            throw new IllegalArgumentException("the scale-to-zero demo needs its first service with minTasks: 0 and"
                    + " demand: queue-depth (as in the demo's own " + CONFIG + "), but '" + s.id() + "' has minTasks "
                    + s.policy().minTasks() + " and demand " + s.policy().demand().map(d -> d.kind().wireName()).orElse("none"));
        }
    }

    int play(LocalWorld world, Microscaler microscaler, MicroscalerConfig config, ServiceConfig service) throws Exception {
        var demand = service.policy().demand().orElseThrow();
        String cluster = config.actuator().aws().cluster();
        out.printf(Locale.ROOT, "demo: scale-to-zero: queue worker '%s' (minTasks 0, demand queue-depth: %.0f jobs/s per task,"
                        + " queue worked off within %d s, scale-down stabilisation %d s), no load balancer;"
                        + " autoscaler API http://127.0.0.1:%d/api/services%n", service.id(), demand.throughputPerTask(),
                demand.drainTime().toSeconds(), service.policy().scaleDown().stabilisation().toSeconds(),
                microscaler.httpPort());
        out.printf(Locale.ROOT, "demo: the local cloud starts a task in %.1f s (RunTask → RUNNING, its image cached);"
                        + " the queue's depth goes out as a demand event every %.1f s%n", taskStartDelay.toMillis() / 1000.0,
                FEED_EVERY.toMillis() / 1000.0);
        out.printf(Locale.ROOT, "demo: %d jobs at t=%d s, %d more %d s after the worker is back to 0 tasks; ends once it is"
                        + " back to 0 the second time (at the latest after %d s)%n", BURST, QUIET.toSeconds(), BURST,
                GAP.toSeconds(), options.duration().toSeconds());

        long start = System.nanoTime();
        List<ZeroTimeline.Decision> decisions = new CopyOnWriteArrayList<>();
        microscaler.vertx().eventBus().<Decision>localConsumer(Addresses.DECISIONS, m -> {
            Decision d = m.body();
            if (d.service().equals(service.id()) && d.from() != d.to()) {
                double at = seconds(start);
                String reason = d.reason().name().toLowerCase(Locale.ROOT).replace('_', '-');
                decisions.add(new ZeroTimeline.Decision(at, d.from(), d.to(), reason));
                out.printf(Locale.ROOT, "demo: t=%5.1fs decision %d → %d (%s): %s%n", at, d.from(), d.to(), reason, d.message());
            }
        });
        QueueWorkers workers = new QueueWorkers(world.ecs(), cluster, service.id(), demand.throughputPerTask());
        LocalWorld.await(world.vertx().deployVerticle(workers));
        try {
            List<ZeroSample> samples = run(world, cluster, service.id(), workers, start);
            summarise(samples, decisions, workers);
            return 0;
        } finally {
            LocalWorld.await(world.vertx().undeploy(workers.deploymentID()));
        }
    }

    private List<ZeroSample> run(LocalWorld world, String cluster, String service, QueueWorkers workers, long start)
            throws Exception {
        PatientReads reads = new PatientReads(stop);
        List<ZeroSample> samples = new ArrayList<>();
        long end = start + options.duration().toNanos();
        double nextFeed = 0;
        long lastSent = 0;
        int bursts = 0;
        int cycles = 0;
        double nextBurst = QUIET.toMillis() / 1000.0;
        double endAt = Double.MAX_VALUE;
        long nextPrint = 0;
        while (System.nanoTime() < end) {
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (stop.await(SAMPLE_MS - elapsedMs % SAMPLE_MS, TimeUnit.MILLISECONDS)) {
                out.printf(Locale.ROOT, "demo: stopped after %.0f s%n", seconds(start));
                break;
            }
            double at = seconds(start);
            if (at >= endAt) {
                break;
            }
            // Jobs arrive just before the queue's depth is next sent: the cold start is timed from
            // that send, and a monitor's wait between its reads (0.5 s here) is not part of it.
            if (bursts < BURSTS && at >= nextBurst && at >= nextFeed) {
                workers.arrive(BURST);
                bursts++;
                nextBurst = Double.MAX_VALUE;
                out.printf(Locale.ROOT, "demo: t=%5.1fs %d jobs arrive on the queue of '%s'%n", at, BURST, service);
            }
            if (at >= nextFeed) {
                lastSent = workers.depth();
                world.sendDemand(service, DemandKind.QUEUE_DEPTH, lastSent);
                nextFeed += FEED_EVERY.toMillis() / 1000.0;
            }
            Optional<Service> read = reads.read("ecs:DescribeServices", () -> world.ecs()
                    .describeServices(b -> b.cluster(cluster).services(service))).map(r -> r.services().get(0));
            if (read.isEmpty()) {
                continue; // the cloud did not answer (faults injected): the demo goes on
            }
            ZeroSample sample = new ZeroSample(at, lastSent, workers.depth(), workers.done(), read.get().desiredCount(),
                    read.get().runningCount());
            samples.add(sample);
            if (cycles < bursts && sample.jobsDone() >= (long) bursts * BURST && sample.atZero()) {
                cycles++;
                out.printf(Locale.ROOT, "demo: t=%5.1fs '%s' is back to 0 tasks%n", at, service);
                if (bursts < BURSTS) {
                    nextBurst = at + GAP.toMillis() / 1000.0;
                } else {
                    endAt = at + TAIL.toMillis() / 1000.0;
                }
            }
            if (System.nanoTime() - start >= nextPrint) {
                out.println(sample.line());
                nextPrint += Demo.PRINT_EVERY.toNanos();
            }
        }
        return samples;
    }

    private void summarise(List<ZeroSample> samples, List<ZeroTimeline.Decision> decisions, QueueWorkers workers) {
        List<ZeroTimeline.Activation> activations = ZeroTimeline.activations(samples, decisions);
        out.println("demo summary (" + SCENARIO + "):");
        for (int i = 0; i < activations.size(); i++) {
            activations.get(i).describe(i + 1).forEach(line -> out.println("  " + line));
        }
        if (workers.requeued() > 0) {
            out.printf("  jobs put back on the queue by a stopping task: %d%n", workers.requeued());
        }
        out.println("  " + ZeroTimeline.summary(activations, workers.done()));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
