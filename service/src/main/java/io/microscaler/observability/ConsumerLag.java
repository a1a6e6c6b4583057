package io.microscaler.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Consumer lag per topic partition ({@code microscaler_ingest_consumer_lag_records}): records
 * between a partition's end and the position of the ingest consumer that owns it. Tags are topic
 * and partition, bounded by the partitions of the ingest topics.
 *
 * <p>Several ingest consumers share one process and a partition moves between them on a
 * rebalance, so each owner reports its whole set of partitions and a gauge exists while some
 * owner reports its partition: a partition revoked here disappears instead of showing a stale lag.
 * Reports come once a tick per owner; the methods are synchronized, which costs nothing at that rate.
 */
public final class ConsumerLag {

    /** One partition of one topic. */
    public record Partition(String topic, int partition) {

        public Partition {
            Objects.requireNonNull(topic, "topic");
        }
    }

    private static final class Reading {
        final String owner;
        volatile double lag;

        Reading(String owner, double lag) {
            this.owner = owner;
            this.lag = lag;
        }
    }

    private final MeterRegistry registry;
    // Concurrent: gauges read it at scrape time without the lock, so a scrape never waits on a report.
    private final Map<Partition, Reading> readings = new ConcurrentHashMap<>();
    private final Map<Partition, Gauge> gauges = new HashMap<>();

    public ConsumerLag(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * The lag of every partition {@code owner} consumes now; its partitions not in {@code lags}
     * are no longer its own.
     */
    public synchronized void report(String owner, Map<Partition, Double> lags) {
        readings.entrySet().removeIf(e -> e.getValue().owner.equals(owner) && !lags.containsKey(e.getKey()));
        lags.forEach((partition, lag) -> {
            Reading reading = readings.get(partition);
            if (reading != null && reading.owner.equals(owner)) {
                reading.lag = lag;
            } else {
                // A new partition, or one taken over from another owner (whose next report drops nothing of ours)
                readings.put(partition, new Reading(owner, lag));
            }
        });
        gauges.entrySet().removeIf(e -> {
            if (readings.containsKey(e.getKey())) {
                return false;
            }
            registry.remove(e.getValue());
            return true;
        });
        readings.keySet().forEach(p -> gauges.computeIfAbsent(p, this::register));
    }

    /** The owner stopped: its partitions are no one's here until another owner reports them. */
    public void stopped(String owner) {
        report(owner, Map.of());
    }

    private Gauge register(Partition p) {
        return Gauge.builder("microscaler_ingest_consumer_lag_records", () -> lag(p))
                .description("Records between the partition's end and the ingest consumer's position (the consumer's records-lag)")
                .tag("topic", p.topic())
                .tag("partition", Integer.toString(p.partition()))
                .register(registry);
    }

    private double lag(Partition p) {
        Reading reading = readings.get(p);
        return reading == null ? Double.NaN : reading.lag;
    }
}
