package io.microscaler.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Ingest counters. Tags are bounded: topic (a handful), outcome (fixed set), reason (an enum).
 * Meters are looked up once and cached, so the hot path only increments.
 */
public final class IngestMeters {

    /** What happened to one record. */
    public enum Outcome { RECORDED, LATE, DEAD_LETTER, IGNORED, SKIPPED_BEFORE_SEEK, REROUTED }

    private final MeterRegistry registry;
    /** Per topic, one counter per outcome: the hot path does a map lookup and an array read, no allocation. */
    private final ConcurrentMap<String, Counter[]> records = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> deadLetters = new ConcurrentHashMap<>();
    private final Counter deadLetterFailures;
    private final ConsumerLag consumerLag;

    public IngestMeters(MeterRegistry registry) {
        this.registry = registry;
        this.consumerLag = new ConsumerLag(registry);
        this.deadLetterFailures = Counter.builder("microscaler_ingest_dead_letter_failures")
                .description("Dead-letter records the producer could not write")
                .register(registry);
    }

    /** Registers a topic's counters at zero, so dashboards show the series before the first record. */
    public void topic(String topic) {
        for (Outcome outcome : Outcome.values()) {
            counter(topic, outcome);
        }
    }

    public void record(String topic, Outcome outcome) {
        counter(topic, outcome).increment();
    }

    /** {@code records} records of the topic had this outcome: counted once for a run of them, not one by one. */
    public void record(String topic, Outcome outcome, long records) {
        if (records > 0) {
            counter(topic, outcome).increment(records);
        }
    }

    private Counter counter(String topic, Outcome outcome) {
        return records.computeIfAbsent(topic, this::countersFor)[outcome.ordinal()];
    }

    private Counter[] countersFor(String topic) {
        Counter[] counters = new Counter[Outcome.values().length];
        for (Outcome outcome : Outcome.values()) {
            counters[outcome.ordinal()] = Counter.builder("microscaler_ingest_records")
                    .description("Records consumed, by topic and what became of them")
                    .tag("topic", topic)
                    .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry);
        }
        return counters;
    }

    /** Registers the dead-letter counters of these reasons at zero, so dashboards show 0 rather than no data. */
    public void deadLetterReasons(Iterable<String> reasons) {
        reasons.forEach(this::deadLetterCounter);
    }

    /** A record went to the dead-letter topic for this reason (a RejectReason label). */
    public void deadLetter(String reason) {
        deadLetterCounter(reason).increment();
    }

    private Counter deadLetterCounter(String reason) {
        return deadLetters.computeIfAbsent(reason, r -> Counter.builder("microscaler_ingest_dead_letter")
                .description("Records sent to the dead-letter topic, by reason")
                .tag("reason", r)
                .register(registry));
    }

    /** Consumer lag per partition, reported by each ingest consumer every tick. */
    public ConsumerLag consumerLag() {
        return consumerLag;
    }

    public void deadLetterFailed() {
        deadLetterFailures.increment();
    }
}
