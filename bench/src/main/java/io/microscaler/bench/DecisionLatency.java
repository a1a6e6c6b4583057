package io.microscaler.bench;

import io.microscaler.service.Microscaler;
import io.microscaler.bus.Addresses;
import io.microscaler.bus.ServiceStatus;
import io.microscaler.bus.ServiceStatuses;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.decision.Decision;
import io.microscaler.demo.LocalWorld;
import io.microscaler.localcloud.LocalCloudSettings;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Decision latency: from the first event of a burst that takes a quiet service across its panic
 * threshold to (i) the decision on the Vert.x event bus ({@link Addresses#DECISIONS}) and (ii) the
 * ECS {@code UpdateService} call arriving at the local cloud. The whole loop runs as {@code run}
 * runs it: {@link LocalWorld} (embedded Kafka, the local cloud, an image server per task) and
 * {@link Microscaler} with {@code actuator.target: ecs} against it; a {@link RecordingProxy} in
 * front of the local cloud notes when each UpdateService arrives.
 *
 * <pre>
 * mvn -B -q -Pbench package -DskipTests
 * java -cp target/bench.jar io.microscaler.bench.DecisionLatency            # -Dtrials=60
 * </pre>
 *
 * <p>{@code -Dbystanders=10000} adds that many services to microscaler's configuration (not to the
 * local cloud), each fed 1 request event a second, so that every tick evaluates them beside the
 * measured ones. The actuator is then dry-run (see main), so only (i) is measured.
 *
 * <p>Each of {@code -Dservices} (10) services runs 1 task (min 1, max 4), scaled on requests/s at a
 * target of 20 per task, Knative panic mode on (threshold 2 × target × running tasks over the 6 s
 * panic window); every service gets 5 request events/s in the background. A trial picks the next
 * service that is quiet (1 task desired and running, last evaluation not panicking), waits a random
 * 0–1,000 ms so bursts fall at every phase of the second and of the tick, then sends 300 request
 * events at once: 330 requests in the 6 s panic window are 55/s ≥ 2 × 20 × 1, so the first tick that
 * reads the burst's second decides 1 → 3 tasks. Latencies count from the burst's first event (its
 * {@code ts}), so they do not flatter: the crossing event is a later one of the same millisecond or two.
 */
public final class DecisionLatency {

    private static final int BURST = 300;
    private static final int BACKGROUND_PER_SECOND = 5;

    public static void main(String[] args) throws Exception {
        Quiet.logs();
        BenchOptions options = new BenchOptions();
        int trials = options.intValue("trials", 60);
        int serviceCount = options.intValue("services", 10);
        long seed = options.longValue("seed", 7);
        String[] services = new String[serviceCount];
        for (int i = 0; i < serviceCount; i++) {
            services[i] = String.format("latency-%02d", i);
        }
        // services evaluated every tick beside the measured ones, as load, fed 1 event/s each through
        // Kafka. The local cloud cannot run them (10,000 image servers and load balancers would not fit),
        // and reading 10,000 services' ECS and Application Auto Scaling state takes the actuator's AWS
        // budget (20 calls/s per API) for many minutes; so with bystanders the actuator is dry-run, and
        // only (i), the decision on the bus, is measured
        int bystanderCount = options.intValue("bystanders", 0);
        boolean ecs = bystanderCount == 0;
        String[] bystanders = new String[bystanderCount];
        for (int i = 0; i < bystanderCount; i++) {
            bystanders[i] = String.format("bystander-%05d", i);
        }
        String base = """
                windows:
                  stableSpan: 30s
                  panicSpan: 6s
                  staleAfter: 15s
                tick: 1s
                ingest:
                  instances: 0
                actuator:
                  target: %s
                  reconcileInterval: 2s
                  aws:
                    cluster: bench-latency
                """.formatted(ecs ? "ecs" : "dry-run");
        String measured = BenchConfigs.services(services, """
                initialTasks: 1
                metric: rps
                target: 20
                minTasks: 1
                maxTasks: 4
                scaleDownStabilisation: 5s
                """);
        String others = bystanderCount == 0 ? "" : BenchConfigs.services(bystanders, """
                metric: rps
                target: 100
                minTasks: 1
                maxTasks: 20
                """).substring("services:\n".length());
        String yaml = base + measured + others;
        MicroscalerConfig worldConfig = BenchConfigs.loadEmbedded(base.replace("target: dry-run", "target: ecs") + measured,
                Map.of());
        System.out.printf(Locale.ROOT, "starting the local world (Kafka, local cloud, %d services with 1 image server each)...%n",
                serviceCount);
        try (LocalWorld world = LocalWorld.start(worldConfig, 0, LocalCloudSettings.demo())) {
            Vertx proxyVertx = Vertx.vertx();
            RecordingProxy proxy = RecordingProxy.start(proxyVertx, world.cloudEndpoint()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            Map<String, String> overrides = new HashMap<>(world.autoscalerOverrides());
            overrides.put("actuator.aws.endpoint", proxy.endpoint().toString());
            if (!ecs) {
                overrides.put("actuator.target", "dry-run"); // the world's overrides say ecs
            }
            MicroscalerConfig config = BenchConfigs.loadEmbedded(yaml, overrides);
            Microscaler microscaler = Microscaler.start(config, Clock.systemUTC())
                    .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
            long startedMillis = System.currentTimeMillis();
            try {
                List<Observed> decisions = new CopyOnWriteArrayList<>();
                Map<String, ServiceStatus> statuses = new ConcurrentHashMap<>();
                microscaler.vertx().eventBus().<Decision>localConsumer(Addresses.DECISIONS,
                        m -> decisions.add(new Observed(System.nanoTime(), m.body())));
                microscaler.vertx().eventBus().<ServiceStatuses>localConsumer(Addresses.STATUS,
                        m -> m.body().statuses().forEach(s -> statuses.put(s.service(), s)));
                try (KafkaProducer<byte[], byte[]> producer = producer(world.bootstrapServers())) {
                    ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor();
                    String topic = config.kafka().topics().requests();
                    int[] round = {0};
                    background.scheduleAtFixedRate(() -> {
                        for (String s : services) {
                            send(producer, topic, s, System.currentTimeMillis(), 20);
                        }
                        // each bystander once a second: a fifth of them every 200 ms
                        for (int i = round[0]++ % BACKGROUND_PER_SECOND; i < bystanders.length; i += BACKGROUND_PER_SECOND) {
                            send(producer, topic, bystanders[i], System.currentTimeMillis(), 20);
                        }
                    }, 0, 1000 / BACKGROUND_PER_SECOND, TimeUnit.MILLISECONDS);
                    try {
                        List<Trial> results = runTrials(trials, services, producer, topic, statuses, decisions,
                                ecs ? proxy : null, new SplittableRandom(seed), startedMillis);
                        print(options, serviceCount, bystanderCount, results, config);
                    } finally {
                        background.shutdownNow();
                    }
                }
            } finally {
                microscaler.close();
                proxyVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        }
        System.exit(0); // the local world's image servers leave non-daemon threads behind
    }

    record Observed(long nanos, Decision decision) {
    }

    /**
     * One trial. Times in ms from the burst's first event.
     *
     * @param firstEventMillis the first event's ts (wall clock)
     * @param decisionMs       to the decision's arrival on the bus; NaN if none came
     * @param updateMs         to UpdateService at the local cloud; NaN if none came
     * @param tickAtMillis     the tick that decided (the decision's {@code at}), wall clock
     */
    record Trial(String service, long firstEventMillis, double decisionMs, double updateMs, long tickAtMillis,
                 int from, int to) {

        /** How long the burst's second had still to run: its events count only once it is whole. */
        double toSecondEndMs() {
            return (Math.floorDiv(firstEventMillis, 1000) + 1) * 1000 - firstEventMillis;
        }

        /** Where in the second the tick fell that decided. */
        long tickPhaseMs() {
            return Math.floorMod(tickAtMillis, 1000);
        }
    }

    private static List<Trial> runTrials(int trials, String[] services, KafkaProducer<byte[], byte[]> producer, String topic,
                                         Map<String, ServiceStatus> statuses, List<Observed> decisions,
                                         RecordingProxy proxy, SplittableRandom random, long startedMillis)
            throws InterruptedException {
        List<Trial> results = new ArrayList<>();
        Map<String, Long> lastBurst = new HashMap<>();
        int next = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5L + trials);
        while (results.size() < trials && System.nanoTime() < deadline) {
            String service = services[next % services.length];
            next++;
            if (!quiet(statuses.get(service)) || System.nanoTime() - lastBurst.getOrDefault(service, 0L)
                    < TimeUnit.SECONDS.toNanos(8)) {
                Thread.sleep(50); // a benchmark's driver waiting for the next quiet service
                continue;
            }
            Thread.sleep(random.nextInt(1000));
            ServiceStatus before = statuses.get(service);
            String reasonBefore = before.lastEvaluation().reason().name().toLowerCase(Locale.ROOT);
            long startNanos = System.nanoTime();
            long firstEvent = System.currentTimeMillis();
            for (int i = 0; i < BURST; i++) {
                send(producer, topic, service, System.currentTimeMillis(), 40);
            }
            lastBurst.put(service, startNanos);
            Trial trial = await(service, startNanos, firstEvent, decisions, proxy);
            results.add(trial);
            System.out.printf(Locale.ROOT, "trial %3d %s: decision %s on the bus %7.1f ms, UpdateService %7.1f ms"
                    + " (second ended after %5.1f ms, tick at .%03d; %.0f s after start, the last evaluation before: %s)%n",
                    results.size(), service, trial.from() + "→" + trial.to(), trial.decisionMs(), trial.updateMs(),
                    trial.toSecondEndMs(), trial.tickPhaseMs(), (firstEvent - startedMillis) / 1000.0, reasonBefore);
        }
        return results;
    }

    private static Trial await(String service, long startNanos, long firstEvent, List<Observed> decisions,
                               RecordingProxy proxy) throws InterruptedException {
        long deadline = startNanos + TimeUnit.SECONDS.toNanos(10);
        Observed decided = null;
        RecordingProxy.UpdateService update = null;
        while (System.nanoTime() < deadline && (decided == null || (update == null && proxy != null))) {
            if (decided == null) {
                decided = decisions.stream().filter(o -> o.nanos() > startNanos && o.decision().service().equals(service)
                        && o.decision().to() > o.decision().from()).findFirst().orElse(null);
            }
            if (update == null && proxy != null) {
                update = proxy.updates().stream().filter(u -> u.arrivedNanos() > startNanos && u.service().equals(service)
                        && u.desiredCount() > 1).findFirst().orElse(null);
            }
            Thread.sleep(5);
        }
        return new Trial(service, firstEvent,
                decided == null ? Double.NaN : (decided.nanos() - startNanos) / 1e6,
                update == null ? Double.NaN : (update.arrivedNanos() - startNanos) / 1e6,
                decided == null ? 0 : decided.decision().at().toEpochMilli(),
                decided == null ? 0 : decided.decision().from(), decided == null ? 0 : decided.decision().to());
    }

    /**
     * One task desired and running, and the last evaluation neither panicking nor moving it, nor holding
     * for want of data: a window being rebuilt after the partitions were assigned (warming: 5–25 s at
     * the start on a busy machine with 10,000 services) holds whatever comes, by design, and a burst
     * then measured the rebuild, not the decision (the first trials found no decision within 10 s).
     */
    private static boolean quiet(ServiceStatus status) {
        if (status == null || status.capacity() == null || status.lastEvaluation() == null) {
            return false;
        }
        Decision last = status.lastEvaluation();
        return status.capacity().desired() == 1 && status.capacity().running() == 1 && last.from() == 1 && last.to() == 1
                && last.reason() != io.microscaler.decision.Reason.PANIC
                && !WITHOUT_DATA.contains(last.reason())
                && !last.policy().equals("panic");
    }

    private static final java.util.Set<io.microscaler.decision.Reason> WITHOUT_DATA = java.util.EnumSet.of(
            io.microscaler.decision.Reason.WARMING, io.microscaler.decision.Reason.INSUFFICIENT_DATA,
            io.microscaler.decision.Reason.CAPACITY_UNKNOWN);

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String service, long ts, long latencyMs) {
        String json = "{\"v\":1,\"service\":\"" + service + "\",\"ts\":" + ts + ",\"latencyMs\":" + latencyMs
                + ",\"status\":200,\"bytes\":48211,\"task\":\"bench\"}";
        producer.send(new ProducerRecord<>(topic, null, ts, service.getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8)));
    }

    /** As the demo's image servers send their events: acks=1, 5 ms linger. */
    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, "bench-latency",
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    private static void print(BenchOptions options, int services, int bystanders, List<Trial> trials,
                              MicroscalerConfig config) {
        double[] decision = trials.stream().mapToDouble(Trial::decisionMs).filter(d -> !Double.isNaN(d)).toArray();
        double[] update = trials.stream().mapToDouble(Trial::updateMs).filter(d -> !Double.isNaN(d)).toArray();
        double[] secondEnd = trials.stream().mapToDouble(Trial::toSecondEndMs).toArray();
        double[] afterSecond = trials.stream().filter(t -> !Double.isNaN(t.decisionMs()))
                .mapToDouble(t -> t.decisionMs() - t.toSecondEndMs()).toArray();
        double[] phases = trials.stream().filter(t -> !Double.isNaN(t.decisionMs()))
                .mapToDouble(Trial::tickPhaseMs).toArray();
        long missed = trials.stream().filter(t -> Double.isNaN(t.decisionMs())
                || (bystanders == 0 && Double.isNaN(t.updateMs()))).count();
        StringBuilder out = new StringBuilder("\n=== Decision latency ===\n");
        out.append(String.format(Locale.ROOT, "machine: %d cores, Java %s, collector %s; Kafka, local cloud and microscaler in this JVM%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), GcInUse.inUse()));
        out.append("options: ").append(options.describe()).append('\n');
        out.append(String.format(Locale.ROOT, "%d trials over %d services; tick %d ms; a burst of %d events per trial;"
                        + " %d trials without a decision or UpdateService within 10 s%n",
                trials.size(), services, config.tick().toMillis(), BURST, missed));
        out.append(String.format(Locale.ROOT, "bystanders: %,d more services evaluated every tick (1 event/s each)%s%n",
                bystanders, bystanders == 0 ? "" : "; actuator dry-run, so (ii) is not measured"));
        out.append(String.format(Locale.ROOT, "%-44s %8s %8s %8s %8s%n", "from the burst's first event to", "p50 ms",
                "p99 ms", "max ms", "min ms"));
        row(out, "(i) the decision on the event bus", decision);
        row(out, "(ii) UpdateService at the local cloud", update);
        row(out, "  the end of the event's second", secondEnd);
        row(out, "  the decision, after the second's end", afterSecond);
        row(out, "  tick phase in the second (ms past .000)", phases);
        Percentiles d = new Percentiles(decision);
        out.append(String.format(Locale.ROOT, "target: p99 < one tick + 50 ms = %d ms: (i) %s, (ii) %s%n",
                config.tick().toMillis() + 50, d.at(99) < config.tick().toMillis() + 50 ? "met" : "NOT met",
                update.length == 0 ? "not measured" // dry-run: no UpdateService
                        : new Percentiles(update).at(99) < config.tick().toMillis() + 50 ? "met" : "NOT met"));
        System.out.print(out);
    }

    private static void row(StringBuilder out, String name, double[] values) {
        if (values.length == 0) {
            out.append(String.format(Locale.ROOT, "%-44s (no values)%n", name));
            return;
        }
        Percentiles p = new Percentiles(values);
        out.append(String.format(Locale.ROOT, "%-44s %8.1f %8.1f %8.1f %8.1f%n", name, p.at(50), p.at(99), p.max(), p.min()));
    }

    private DecisionLatency() {
    }
}
