package io.microscaler.bench;

import io.microscaler.ingest.DecodeResult;
import io.microscaler.ingest.EventDecoder;
import io.microscaler.ingest.RequestEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * (c) The reference: a Kafka Streams application doing the same per-service windowed aggregation,
 * 1-second tumbling windows on event time (the record timestamp, which is the event's {@code ts})
 * holding count, errors, latency sum and max, with 60 s of grace as microscaler's ring accepts
 * events up to its stable span late. It parses each value with microscaler's own
 * {@link EventDecoder} (Jackson's streaming parser), so the comparison is of the frameworks, not of
 * JSON libraries. The key is already the service: {@code groupByKey} needs no repartition topic.
 *
 * <p>Store {@code memory} (default): an in-memory window store without a changelog, Streams at its
 * fastest and, like microscaler's windows, rebuilt from the topic rather than restored. Store
 * {@code rocksdb}: Streams' defaults (RocksDB, changelog topic). Otherwise Streams' defaults: one
 * stream thread, record cache of 10 MB, commits every 30 s, at-least-once.
 *
 * <p>Loaded only by {@link IsolatedStreams}' class loader, on the Kafka clients Streams was built
 * for, so its one entry point takes and returns JDK types only.
 */
public final class StreamsApp {

    private static final String STORE = "per-service-seconds";

    /** Indexes into {@link #run}'s result. */
    static final int RUNNING_AT = 0;
    static final int FIRST_AT = 1;
    static final int END_AT = 2;
    static final int APPLIED = 3;
    static final int REJECTED = 4;

    /** What {@link #run} passes to its {@code mark}: when the measured part starts, and when it ends. */
    static final String START = "start";
    static final String END = "end";

    /**
     * Runs the application until {@code expected} records are applied (or 10 minutes pass), then
     * reads every window back through Streams' interactive queries into {@code windows}: per
     * service {count, errors, latency sum, latency max, windows}. Calls {@code mark} with {@link #START}
     * before starting Streams and with {@link #END} at the last record, before Streams closes.
     *
     * @return {RUNNING at, first record at, last record at (System.nanoTime), applied, rejected}
     */
    public static long[] run(String bootstrap, String topic, String applicationId, String store, long nowMillis,
                             long expected, Map<String, long[]> windows, Consumer<String> mark) throws Exception {
        Quiet.logs();
        EventDecoder decoder = new EventDecoder(65_536, 256, Duration.ofSeconds(60)); // ingest.* defaults
        Instant now = Instant.ofEpochMilli(nowMillis); // as (b)'s clock: no event is from the future
        AtomicLong applied = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        AtomicLong firstAt = new AtomicLong();

        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topic, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.ByteArray()))
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofSeconds(1), Duration.ofSeconds(60)))
                .aggregate(WindowAggregate::new, (service, value, aggregate) -> {
                    DecodeResult result = decoder.decode(EventDecoder.Stream.REQUESTS, value, now);
                    if (!(result instanceof DecodeResult.Accepted accepted)
                            || !(accepted.event() instanceof RequestEvent request)) {
                        rejected.incrementAndGet();
                        return aggregate;
                    }
                    if (applied.incrementAndGet() == 1) {
                        firstAt.set(System.nanoTime());
                    }
                    return aggregate.add(request.latencyMs(), request.status() >= 500);
                }, materialized(store));

        Path stateDir = Files.createTempDirectory("microscaler-bench-streams-");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");

        AtomicLong runningAt = new AtomicLong();
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        streams.setStateListener((newState, oldState) -> {
            if (newState == KafkaStreams.State.RUNNING) {
                runningAt.compareAndSet(0, System.nanoTime());
            }
        });
        mark.accept(START);
        try {
            streams.start();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (applied.get() + rejected.get() < expected && System.nanoTime() < deadline
                    && streams.state() != KafkaStreams.State.ERROR) {
                Thread.sleep(1); // polling a counter from the main thread; the stream thread runs on its own
            }
            long end = System.nanoTime();
            mark.accept(END);
            if (applied.get() == expected) {
                readBack(streams, windows);
            }
            return new long[] {runningAt.get(), firstAt.get(), end, applied.get(), rejected.get()};
        } finally {
            streams.close(Duration.ofSeconds(60));
            streams.cleanUp();
            deleteTree(stateDir);
        }
    }

    private static Materialized<String, WindowAggregate, WindowStore<Bytes, byte[]>> materialized(String store) {
        Materialized<String, WindowAggregate, WindowStore<Bytes, byte[]>> m = switch (store) {
            case "memory" -> Materialized.<String, WindowAggregate>as(
                    Stores.inMemoryWindowStore(STORE, Duration.ofSeconds(61), Duration.ofSeconds(1), false))
                    .withLoggingDisabled();
            case "rocksdb" -> Materialized.<String, WindowAggregate, WindowStore<Bytes, byte[]>>as(STORE);
            default -> throw new IllegalArgumentException("-Dstreams.store must be memory or rocksdb, but was '" + store + "'");
        };
        return m.withKeySerde(Serdes.String()).withValueSerde(WindowAggregate.serde());
    }

    private static void readBack(KafkaStreams streams, Map<String, long[]> windows) {
        ReadOnlyWindowStore<String, WindowAggregate> store = streams.store(
                StoreQueryParameters.fromNameAndType(STORE, QueryableStoreTypes.windowStore()));
        try (KeyValueIterator<Windowed<String>, WindowAggregate> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<Windowed<String>, WindowAggregate> kv = all.next();
                long[] t = windows.computeIfAbsent(kv.key.key(), k -> new long[5]);
                t[0] += kv.value.count;
                t[1] += kv.value.errors;
                t[2] += kv.value.latencySumMs;
                t[3] = Math.max(t[3], kv.value.latencyMaxMs);
                t[4]++;
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + root + ": " + e);
        }
    }

    private StreamsApp() {
    }
}
