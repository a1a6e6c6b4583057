package io.microscaler.bench;

import io.microscaler.config.KafkaConfig;
import io.microscaler.config.Defaults;
import io.microscaler.forecast.ClosedSlot;
import io.microscaler.forecast.LoadForecaster;
import io.microscaler.history.HistoryReader;
import io.microscaler.history.HistoryRecords;
import io.microscaler.kafka.KafkaClientProperties;
import io.microscaler.kafka.ServicePartitions;
import io.microscaler.kafka.embedded.EmbeddedKafkaBroker;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What a restart or a hand-over costs a predictive service's new owner (issue 21): the forecast
 * history of {@code -Dservices} predictive services, 8 days of one record a minute each, on an
 * embedded broker; then the time {@link HistoryReader} takes to read back the services at home on
 * one partition (a hand-over) and all of them (a restart of the only instance), and the CPU one
 * forecaster takes to restore a service's 8 days and judge its last hour again.
 *
 * <pre>
 * mvn -B -q -o -Pbench package -DskipTests -pl bench -am
 * java -cp target/bench.jar io.microscaler.bench.HistoryReadBack     # -Dservices=100 -Dpartitions=6 -Drounds=3
 * </pre>
 */
public final class HistoryReadBack {

    private static final int SLOTS = 8 * 1440;

    public static void main(String[] args) throws Exception {
        Quiet.logs();
        BenchOptions options = new BenchOptions();
        int services = options.intValue("services", 100);
        int partitions = options.intValue("partitions", 6);
        int rounds = options.intValue("rounds", 3);
        long now = Instant.now().getEpochSecond() / 60 * 60;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < services; i++) {
            names.add("svc-" + i);
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            String bootstrap = broker.bootstrapServers();
            TopicLoader.createTopic(bootstrap, "bench.history", partitions);
            long loadStart = System.nanoTime();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 20,
                    ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.ACKS_CONFIG, "1",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
                // minute by minute, every service, as the owners write them
                for (int m = SLOTS; m > 0; m--) {
                    for (String service : names) {
                        ClosedSlot slot = new ClosedSlot(now - m * 60L, 60, 100 + (m % 1440) / 10.0);
                        producer.send(new ProducerRecord<>("bench.history", HistoryRecords.key(service),
                                HistoryRecords.value(service, slot)));
                    }
                }
            }
            System.out.printf(Locale.ROOT, "wrote %,d history records (%d services × %,d minutes) in %.1f s%n",
                    (long) services * SLOTS, services, SLOTS, (System.nanoTime() - loadStart) / 1e9);

            KafkaConfig kafka = new KafkaConfig(bootstrap, "bench", defaultTopics(), partitions, false, Map.of());
            Vertx vertx = Vertx.vertx();
            try {
                HistoryReader reader = new HistoryReader(vertx,
                        KafkaClientProperties.follower(kafka, bootstrap, "bench-history-reader"), "bench.history",
                        Duration.ofMinutes(5));
                Set<String> onePartition = new HashSet<>();
                names.stream().filter(n -> ServicePartitions.home(n, partitions) == 0).forEach(onePartition::add);
                for (int r = 1; r <= rounds; r++) {
                    measure(reader, "hand-over (partition 0)", onePartition, now, r);
                    measure(reader, "restart (all partitions)", new HashSet<>(names), now, r);
                }
            } finally {
                vertx.close().await();
            }
        }
        restoreCpu(now, rounds);
    }

    private static void measure(HistoryReader reader, String what, Set<String> services, long now, int round)
            throws Exception {
        long start = System.nanoTime();
        HistoryReader.Read read = reader.read(services, Instant.ofEpochSecond(now).minus(Duration.ofDays(8)))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        long slots = read.slots().values().stream().mapToLong(List::size).sum();
        if (!read.complete() || slots != (long) services.size() * SLOTS) {
            throw new AssertionError(what + ": read " + slots + " slots, expected " + (long) services.size() * SLOTS);
        }
        System.out.printf(Locale.ROOT, "round %d  %-26s %3d services: %,9d records read, %,9d slots kept in %6.2f s"
                + " (%,.0f records/s)%n", round, what, services.size(), read.records(), slots, seconds, read.records() / seconds);
    }

    /** One forecaster restoring one service's 8 days: this thread's CPU, best of a few. */
    private static void restoreCpu(long now, int rounds) {
        List<ClosedSlot> slots = new ArrayList<>();
        for (int m = SLOTS; m > 0; m--) {
            slots.add(new ClosedSlot(now - m * 60L, 60, 100 + (m % 1440) / 10.0));
        }
        var bean = ManagementFactory.getThreadMXBean();
        for (int r = 1; r <= rounds + 2; r++) {
            long cpu = bean.getCurrentThreadCpuTime();
            int repeats = 20;
            for (int i = 0; i < repeats; i++) {
                LoadForecaster f = LoadForecaster.withDefaults(Duration.ofSeconds(60));
                if (f.restore(slots, Instant.ofEpochSecond(now)) != 7 * 1440 + 1440) {
                    throw new AssertionError("every slot is taken");
                }
            }
            System.out.printf(Locale.ROOT, "restore %d: %.2f ms CPU per service (%,d slots, the last hour judged again)%n",
                    r, (bean.getCurrentThreadCpuTime() - cpu) / 1e6 / repeats, slots.size());
        }
    }

    private static KafkaConfig.Topics defaultTopics() {
        return new KafkaConfig.Topics(Defaults.get("kafka.topics.requests"), Defaults.get("kafka.topics.demand"),
                Defaults.get("kafka.topics.cluster"), Defaults.get("kafka.topics.decisions"),
                Defaults.get("kafka.topics.deadLetter"), Defaults.get("kafka.topics.wishes"),
                Defaults.get("kafka.topics.grants"), Defaults.get("kafka.topics.admin"),
                Defaults.get("kafka.topics.forecastHistory"));
    }

    private HistoryReadBack() {
    }
}
