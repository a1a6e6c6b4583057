package io.microscaler.bench;

import io.microscaler.actuate.ActuatorVerticle;
import io.microscaler.actuate.DryRunTarget;
import io.microscaler.bus.Addresses;
import io.microscaler.bus.Codecs;
import io.microscaler.bus.OwnershipChange;
import io.microscaler.bus.ServiceStatus;
import io.microscaler.bus.ServiceStatuses;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.config.ServiceConfig;
import io.microscaler.ingest.IngestVerticle;
import io.microscaler.evaluate.ServiceEvaluator;
import io.microscaler.kafka.Topics;
import io.microscaler.observability.ActuatorMeters;
import io.microscaler.observability.IngestMeters;
import io.microscaler.observability.Metrics;
import io.microscaler.policy.ScalingPolicy;
import io.microscaler.policy.ServicePolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * (b) Microscaler's own ingest path: the real {@link IngestVerticle}s (Vert.x Kafka consumer,
 * {@code EventDecoder}, the services' {@code ServiceWindow}s, ticks evaluating the policies) with a
 * dry-run {@link ActuatorVerticle} answering their capacity queries, on a Vert.x built as
 * {@code Microscaler.start} builds it (Micrometer metrics on). The HTTP API and the audit producer
 * are left out: they only see decisions and once-a-tick statuses.
 *
 * <p>The verticles' clock stands still one second after the data's last event time, so every event
 * is inside the 60 s window: on assignment they seek back one stable span (to offset 0) and read the
 * topic as a window rebuild, through the same code as live records. The run counts from the first
 * assignment (the ownership message the verticle publishes) to the moment the
 * {@code microscaler_ingest_records{outcome="recorded"}} counter reaches N, and then checks each
 * service's window, as its owner publishes it at the next ticks, against the producer's totals.
 */
final class MicroscalerIngestRun {

    static RunResult run(String bootstrap, TopicLoader.Loaded data, int partitions, int instances, String prefix,
                         long eventTimeEnd) throws Exception {
        String[] ids = data.totals().services;
        MicroscalerConfig config = BenchConfigs.load(bootstrap, data.topic(), prefix, partitions,
                "ingest:\n  instances: " + instances + "\n" + BenchConfigs.services(ids, ""), Map.of());
        Clock clock = Clock.fixed(Instant.ofEpochMilli(eventTimeEnd + 1000), ZoneOffset.UTC);

        PrometheusMeterRegistry registry = Metrics.newRegistry();
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
        try {
            Codecs.register(vertx.eventBus());
            long[] assignedAt = {0};
            Map<String, ServiceStatus> statuses = new ConcurrentHashMap<>();
            vertx.eventBus().<OwnershipChange>localConsumer(Addresses.OWNERSHIP, m -> {
                synchronized (assignedAt) {
                    if (assignedAt[0] == 0) {
                        assignedAt[0] = System.nanoTime();
                    }
                }
            });
            vertx.eventBus().<ServiceStatuses>localConsumer(Addresses.STATUS,
                    m -> m.body().statuses().forEach(s -> statuses.put(s.service(), s)));

            await(Topics.ensure(vertx, config.kafka(), bootstrap, false, false)); // as Microscaler.start: demand, dead-letter…
            IngestMeters meters = new IngestMeters(registry);
            meters.topic(data.topic());
            Counter recorded = registry.find("microscaler_ingest_records")
                    .tags("topic", data.topic(), "outcome", "recorded").counter();
            Map<String, ScalingPolicy> policies = new HashMap<>();
            config.services().forEach((id, s) -> policies.put(id, new ServicePolicy(s.policy())));
            ServiceEvaluator evaluator = new ServiceEvaluator(policies);
            DryRunTarget target = new DryRunTarget(config.services().values().stream()
                    .collect(Collectors.toMap(ServiceConfig::id, ServiceConfig::initialTasks)));
            await(vertx.deployVerticle(new ActuatorVerticle(target, config.services().keySet(),
                    config.actuator().reconcileInterval(), clock, new ActuatorMeters(registry, target.name()))));
            await(vertx.deployVerticle(() -> new IngestVerticle(config, bootstrap, clock, meters, evaluator),
                    new DeploymentOptions().setInstances(instances)));

            long expected = data.records();
            ThreadCpu.Snapshot cpuStart = ThreadCpu.take(); // the verticles have just been deployed: as (a)'s consumer
            long firstAt = 0;
            long lastChange = System.nanoTime();
            long cpuAtLastChange = cpuStart.processNanos();
            ThreadCpu.Snapshot threadsAtLastChange = null;
            double last = 0;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            // Done when N are recorded and no more come: with several verticles a rebalance moves
            // partitions after the first has started, and the new owner rebuilds them from the topic,
            // so records are recorded more than once and N is reached before the last window is whole.
            while (System.nanoTime() < deadline
                    && (last < expected || System.nanoTime() - lastChange < TimeUnit.MILLISECONDS.toNanos(1_500))) {
                double now = recorded.count();
                if (now != last) {
                    lastChange = System.nanoTime();
                    cpuAtLastChange = ProcessCpu.nanos();
                    if (now >= expected) { // every thread's, only near the end: a snapshot per batch would cost (b)
                        threadsAtLastChange = ThreadCpu.take();
                    }
                    last = now;
                    if (firstAt == 0) {
                        firstAt = lastChange;
                    }
                }
                Thread.sleep(1); // polling a counter from the main thread; the verticles run on their own
            }
            long end = lastChange;
            if (!Boolean.parseBoolean(System.getProperty("quiet", "true"))) {
                System.out.printf("(b): assignment to first record %d ms, first to last %d ms%n",
                        (firstAt - assignedAt[0]) / 1_000_000, (end - firstAt) / 1_000_000);
            }
            // The whole JVM's as at the last change, as before; the threads' from the first change past N on
            ThreadCpu.Usage threads = ThreadCpu.between(cpuStart,
                    threadsAtLastChange != null ? threadsAtLastChange : ThreadCpu.take());
            ThreadCpu.Usage cpu = threads.withProcessNanos(cpuAtLastChange - cpuStart.processNanos());
            long recordedTotal = (long) recorded.count();

            // Not timed: the windows, as their owners publish them at the next ticks, hold what was sent
            Thread.sleep(2_500);
            String detail = checkWindows(data.totals(), statuses, recordedTotal, expected, registry);
            boolean ok = detail.startsWith("ok");
            String name = "(b) microscaler ingest + windows (" + instances + " verticle" + (instances == 1 ? ")" : "s)");
            return new RunResult(name, expected, end - assignedAt[0], end - firstAt, new RunResult.Check(ok, detail), cpu);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    private static String checkWindows(ServiceTotals totals, Map<String, ServiceStatus> statuses, long recorded,
                                       long expected, PrometheusMeterRegistry registry) {
        double otherOutcomes = registry.find("microscaler_ingest_records").counters().stream()
                .filter(c -> !"recorded".equals(c.getId().getTag("outcome"))
                        && !"skipped_before_seek".equals(c.getId().getTag("outcome")))
                .mapToDouble(Counter::count).sum();
        if (recorded < expected || otherOutcomes != 0) {
            return "FAILED: recorded " + recorded + " of " + expected + ", late or dead-lettered " + (long) otherOutcomes;
        }
        long windowCount = 0;
        long windowErrors = 0;
        for (int i = 0; i < totals.services.length; i++) {
            ServiceStatus s = statuses.get(totals.services[i]);
            if (s == null) {
                return "FAILED: no status for " + totals.services[i];
            }
            var stable = s.window().stable();
            if (s.recordedRequests() != totals.count[i] || stable.count() != totals.count[i]
                    || stable.errors() != totals.errors[i] || stable.bytes() != totals.bytes[i]) {
                return "FAILED: " + totals.services[i] + " window count " + stable.count() + " errors " + stable.errors()
                        + " bytes " + stable.bytes() + ", sent " + totals.count[i] + " / " + totals.errors[i] + " / "
                        + totals.bytes[i];
            }
            windowCount += stable.count();
            windowErrors += stable.errors();
        }
        String again = recorded == expected ? "" : " (" + (recorded - expected) + " again after a rebalance)";
        return "ok: recorded " + recorded + again + "; the " + totals.services.length + " windows hold " + windowCount
                + " requests, " + windowErrors + " errors and the bytes sent, per service";
    }

    private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private MicroscalerIngestRun() {
    }
}
