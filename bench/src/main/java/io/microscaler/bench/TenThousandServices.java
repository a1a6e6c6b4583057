package io.microscaler.bench;

import io.microscaler.bus.Addresses;
import io.microscaler.bus.Codecs;
import io.microscaler.bus.ServiceStatus;
import io.microscaler.bus.ServiceStatuses;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.decision.Decision;
import io.microscaler.evaluate.OwnedService;
import io.microscaler.evaluate.OwnedServices;
import io.microscaler.ingest.PartitionRebuilds;
import io.microscaler.evaluate.ServiceEvaluator;
import io.microscaler.evaluate.TickPass;
import io.microscaler.policy.Capacity;
import io.microscaler.policy.ScalingPolicy;
import io.microscaler.policy.ServicePolicy;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.lang.ref.Reference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Scale: 10,000 services with live windows, each with its {@link ServicePolicy} (the defaults of
 * {@code serviceDefaults}: requests/s at 100 per task, panic mode, 300 s scale-down stabilisation),
 * fed events for every service every simulated second by {@link SyntheticLoad}. Then the tick an
 * ingest verticle runs, for all of them: {@link ServiceEvaluator#evaluate} (window snapshot,
 * policy, decision) and the services' {@link ServiceStatus}es published on the Vert.x event bus, one
 * message per part of the tick, on an event loop, with a consumer as the HTTP API has. A plain timed loop in simulated time (not
 * JMH): {@code -Dwarmup} ticks (60, which also fills the 60 s windows), then {@code -Dticks} (120)
 * measured; feeding the events happens between ticks, outside the timing. Tasks start by the next
 * tick (running := desired), so decided counts take effect.
 *
 * <pre>
 * mvn -B -q -Pbench package -DskipTests
 * java -cp target/bench.jar io.microscaler.bench.TenThousandServices          # -Dservices=10000
 * </pre>
 */
public final class TenThousandServices {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    // the collectors whose time is pause time: G1's young and full collections (a concurrent cycle's bean,
    // where there is one, counts time the event loop kept running)
    private static final GarbageCollectorMXBean[] PAUSING = ManagementFactory.getGarbageCollectorMXBeans().stream()
            .filter(gc -> !gc.getName().contains("Cycles") && !gc.getName().contains("Concurrent"))
            .toArray(GarbageCollectorMXBean[]::new); // an array: no iterator allocated inside the timed tick
    /** As IngestVerticle's part of a tick. */
    private static final int TICK_PART = 1_000;

    public static void main(String[] args) throws Exception {
        Quiet.logs();
        BenchOptions options = new BenchOptions();
        int count = options.intValue("services", 10_000);
        int warmup = options.intValue("warmup", 60);
        int ticks = options.intValue("ticks", 120);
        boolean perTick = Boolean.parseBoolean(options.text("perTick", "false"));
        long seed = options.longValue("seed", 3);
        // a fixed simulated start, so that the same seed gives the same load and the same decisions on
        // every run (the load's sines are phased by epoch second): the digests below compare runs
        long start = options.longValue("start", 1_767_225_600L); // 2026-01-01T00:00:00Z

        String[] ids = new String[count];
        for (int i = 0; i < count; i++) {
            ids[i] = String.format("service-%05d", i);
        }
        MicroscalerConfig config = BenchConfigs.loadEmbedded(BenchConfigs.services(ids, ""), Map.of());
        Map<String, ScalingPolicy> policies = new HashMap<>();
        config.services().forEach((id, s) -> policies.put(id, new ServicePolicy(s.policy())));
        ServiceEvaluator evaluator = new ServiceEvaluator(policies);
        SyntheticLoad load = new SyntheticLoad(count, seed);

        Vertx vertx = Vertx.vertx();
        Codecs.register(vertx.eventBus());
        LongAdder statusesReceived = new LongAdder();
        vertx.eventBus().<ServiceStatuses>localConsumer(Addresses.STATUS, m -> statusesReceived.add(m.body().statuses().size()));
        Context context = vertx.getOrCreateContext();

        long heapBefore = usedHeapAfterGc();
        PartitionRebuilds rebuilds = new PartitionRebuilds();
        rebuilds.assigned("requests-0");
        rebuilds.sought("requests-0", 0, 0); // live: no rebuild
        OwnedServices owned = new OwnedServices(config.windows(), rebuilds::isLive);
        long second = start;
        DecisionDigest digest = new DecisionDigest(second);
        List<OwnedService> services = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            OwnedService s = owned.getOrCreate(ids[i], "requests-0", Instant.ofEpochSecond(second));
            int tasks = (int) Math.max(1, Math.min(20, Math.ceil(load.baseRate(i) / 100)));
            s.state(s.state().withCapacity(new Capacity(tasks, tasks, 0)));
            services.add(s);
        }

        double[] tickMs = new double[ticks];
        double[] tickCpuMs = new double[ticks];
        double[] tickGcMs = new double[ticks];    // collector pauses that ended within the tick
        double[] tickAllocatedMb = new double[ticks];
        long published = 0;
        long changed = 0;
        for (int t = 0; t < warmup + ticks; t++) {
            Instant feedNow = Instant.ofEpochSecond(second, 999_000_000);
            for (int i = 0; i < count; i++) {
                load.feedSecond(i, services.get(i).window(), second, feedNow);
            }
            second++;
            Instant now = Instant.ofEpochSecond(second, 20_000_000); // as the aligned tick: 20 ms after the second
            for (OwnedService s : services) {
                Capacity c = s.state().capacity();
                if (c.running() != c.desired()) {
                    s.state(s.state().withCapacity(new Capacity(c.desired(), c.desired(), 0)));
                }
            }
            CompletableFuture<long[]> done = new CompletableFuture<>();
            context.runOnContext(v -> done.complete(tick(vertx, services, evaluator, now)));
            long[] r = done.get(60, TimeUnit.SECONDS);
            // outside the timing: every published decision, and every figure each service's policy read
            digest.tick(published(services, now), services);
            if (t >= warmup) {
                tickMs[t - warmup] = r[0] / 1e6;
                tickCpuMs[t - warmup] = r[3] / 1e6;
                tickGcMs[t - warmup] = r[4];
                tickAllocatedMb[t - warmup] = r[5] / 1e6;
                published += r[1];
                changed += r[2];
                if (perTick) {
                    System.out.printf(Locale.ROOT, "tick %3d (second %d): wall %.1f ms, CPU %.1f ms, pause %d ms, allocated %.1f MB, published %d%n",
                            t - warmup, second, r[0] / 1e6, r[3] / 1e6, r[4], r[5] / 1e6, r[1]);
                }
            }
        }
        long heapAfter = usedHeapAfterGc();
        Reference.reachabilityFence(services); // measured with every window alive
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

        Percentiles p = new Percentiles(tickMs);
        StringBuilder out = new StringBuilder("\n=== Scale: ").append(String.format(Locale.ROOT, "%,d", count))
                .append(" services ===\n");
        out.append(String.format(Locale.ROOT, "machine: %d cores, Java %s, collector %s, max heap %,d MB; a plain timed loop (no JMH)%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), GcInUse.inUse(),
                Runtime.getRuntime().maxMemory() >> 20));
        out.append("options: ").append(options.describe()).append('\n');
        out.append(String.format(Locale.ROOT, "load: %,.0f request events and %,.0f summaries per simulated second"
                        + " (all services, every second)%n", (double) load.requestEvents() / (warmup + ticks),
                (double) load.summaryEvents() / (warmup + ticks)));
        out.append(String.format(Locale.ROOT, "heap used after GC: %,d MB with the services, %,d MB without:"
                        + " %,d KB per service (window ring, sketches, policy memory)%n", heapAfter >> 20, heapBefore >> 20,
                (heapAfter - heapBefore) / count / 1024));
        out.append(String.format(Locale.ROOT, "tick for all %,d services (evaluate + publish status), over %d ticks:"
                        + " p50 %.1f ms, p99 %.1f ms, max %.1f ms, mean %.1f ms (target < 100 ms: %s)%n",
                count, ticks, p.at(50), p.at(99), p.max(), p.mean(), p.at(99) < 100 ? "met" : "NOT met"));
        Percentiles cpu = new Percentiles(tickCpuMs);
        out.append(String.format(Locale.ROOT, "  CPU time of the event loop per tick: p50 %.1f ms, p99 %.1f ms, max %.1f ms"
                + " (the wall time above includes waiting for a core on a busy machine)%n", cpu.at(50), cpu.at(99), cpu.max()));
        out.append(wallBeyondCpu(tickMs, tickCpuMs, tickGcMs, tickAllocatedMb));
        out.append(String.format(Locale.ROOT, "decisions: %,.0f evaluated per second of tick time (one event loop);"
                        + " %.1f published per tick, %.1f of them changing a count%n",
                count / (p.mean() / 1000), (double) published / ticks, (double) changed / ticks));
        out.append(String.format(Locale.ROOT, "statuses delivered to the bus consumer: %,d%n", statusesReceived.sum()));
        out.append(digest.describe()).append('\n');
        System.out.print(out);
    }

    /**
     * One tick, on the event loop as an ingest verticle's: {nanos, decisions published, counts changed,
     * CPU nanos}. As {@code IngestVerticle}: the services in a {@link TickPass}'s order (those whose
     * newest second surged first), part by part, one {@link ServiceStatuses} per part. The verticle
     * gives its event loop back between parts; here they run back to back, so the time is the work's.
     */
    private static long[] tick(Vertx vertx, List<OwnedService> services, ServiceEvaluator evaluator, Instant now) {
        long gcStart = gcMillis();
        long allocatedStart = allocatedBytes();
        long start = System.nanoTime();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long published = 0;
        long changed = 0;
        TickPass pass = new TickPass(services, now, TICK_PART);
        while (!pass.done()) {
            List<OwnedService> part = pass.nextPart();
            List<ServiceStatus> statuses = new ArrayList<>(part.size());
            for (OwnedService service : part) {
                Decision decision = evaluator.evaluate(service, now);
                if (decision != null) {
                    vertx.eventBus().publish(Addresses.DECISIONS, decision);
                    published++;
                    if (decision.changesCount()) {
                        changed++;
                    }
                }
                statuses.add(new ServiceStatus("bench", service.lastSnapshot(),
                        service.state().capacity(), service.lastPublished(), service.lastEvaluation(),
                        service.window().recordedEvents(), service.window().recordedRequests()));
            }
            if (!statuses.isEmpty()) {
                vertx.eventBus().publish(Addresses.STATUS, new ServiceStatuses("bench", statuses));
            }
        }
        long wall = System.nanoTime() - start;
        long cpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
        return new long[] {wall, published, changed, cpu, gcMillis() - gcStart, allocatedBytes() - allocatedStart};
    }

    /**
     * Where the wall time beyond the event loop's CPU time went: the collector's pauses that fell in
     * a tick (their whole length, as the collector's beans count it, in milliseconds), and the rest
     * (waiting for a core, safepoints other than collections). And what a tick allocates on the event
     * loop, which is what brings the next collection closer.
     */
    private static String wallBeyondCpu(double[] wallMs, double[] cpuMs, double[] gcMs, double[] allocatedMb) {
        int withGc = 0;
        double gcTotal = 0;
        List<Double> beyondWithout = new ArrayList<>();
        List<Double> beyondWith = new ArrayList<>();
        for (int i = 0; i < wallMs.length; i++) {
            double beyond = wallMs[i] - cpuMs[i];
            if (gcMs[i] > 0) {
                withGc++;
                gcTotal += gcMs[i];
                beyondWith.add(beyond);
            } else {
                beyondWithout.add(beyond);
            }
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "  wall beyond CPU: %d of %d ticks had a collector pause in them (%.0f ms in all, %s per such tick)",
                withGc, wallMs.length, gcTotal, withGc == 0 ? "-" : String.format(Locale.ROOT, "%.1f ms", gcTotal / withGc)));
        out.append(String.format(Locale.ROOT, "; wall − CPU p50 / max: %s without a pause, %s with one%n",
                describe(beyondWithout), describe(beyondWith)));
        Percentiles allocated = new Percentiles(allocatedMb);
        out.append(String.format(Locale.ROOT, "  allocated by the event loop per tick: p50 %.1f MB, max %.1f MB%n",
                allocated.at(50), allocated.max()));
        return out.toString();
    }

    private static String describe(List<Double> values) {
        if (values.isEmpty()) {
            return "-";
        }
        Percentiles p = new Percentiles(values.stream().mapToDouble(Double::doubleValue).toArray());
        return String.format(Locale.ROOT, "%.1f / %.1f ms", p.at(50), p.max());
    }

    private static long gcMillis() {
        long ms = 0;
        for (GarbageCollectorMXBean gc : PAUSING) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    private static long allocatedBytes() {
        return THREADS instanceof com.sun.management.ThreadMXBean sun
                ? sun.getThreadAllocatedBytes(Thread.currentThread().getId()) : 0;
    }

    /** The decisions published at {@code now}: each service's last published one, if it is of this tick. */
    private static List<Decision> published(List<OwnedService> services, Instant now) {
        List<Decision> decisions = new ArrayList<>();
        for (OwnedService s : services) {
            Decision d = s.lastPublished();
            if (d != null && d.at().equals(now)) {
                decisions.add(d);
            }
        }
        return decisions;
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private TenThousandServices() {
    }
}
