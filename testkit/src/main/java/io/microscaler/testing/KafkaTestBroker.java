package io.microscaler.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka broker a test gets from {@link KafkaBrokerExtension}: its address and a few blocking
 * helpers. The broker is shared by every test class in the JVM, so tests name their topics and
 * groups with {@link #uniqueName} and never depend on what else is on the broker.
 */
public final class KafkaTestBroker {

    private static final AtomicInteger NAMES = new AtomicInteger();

    private final String bootstrapServers;
    private final String kind;

    KafkaTestBroker(String bootstrapServers, String kind) {
        this.bootstrapServers = bootstrapServers;
        this.kind = kind;
    }

    /** Where clients connect, e.g. {@code 127.0.0.1:41234}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** A name no other test in this JVM (or an earlier run on a reused broker) has: {@code prefix-7-3f9a1c}. */
    public String uniqueName(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    /** Creates a topic with replication factor 1 and waits until the broker has it. */
    public void createTopic(String name, int partitions) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers, "client.id", "test-admin"))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topic " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        }
    }

    /** A producer of byte[] keys and values that waits for all replicas; the caller closes it. */
    public KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /**
     * Reads the topic from the beginning of every partition until at least {@code expectedCount}
     * records have arrived or the timeout passes, and returns what was read (with headers). It
     * joins no consumer group and commits nothing, so it disturbs no consumer under test, and it
     * waits for a topic that does not exist yet instead of creating it.
     *
     * @return the records read: fewer than expected when the timeout passed, so that the test's
     *         assertion shows what did arrive
     */
    public List<ConsumerRecord<byte[], byte[]>> consumeAll(String topic, int expectedCount, Duration timeout) {
        return consumeMatching(topic, r -> true, expectedCount, timeout);
    }

    /**
     * As {@link #consumeAll}, keeping only the records that match: for a topic that also carries
     * records the test does not count (heartbeats, say).
     */
    public List<ConsumerRecord<byte[], byte[]>> consumeMatching(String topic,
            java.util.function.Predicate<ConsumerRecord<byte[], byte[]>> matching, int expectedCount, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties())) {
            List<TopicPartition> partitions = awaitPartitions(consumer, topic, deadline);
            if (partitions.isEmpty()) {
                return records;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (records.size() < expectedCount && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (matching.test(r)) {
                        records.add(r);
                    }
                }
            }
        }
        return records;
    }

    private static List<TopicPartition> awaitPartitions(KafkaConsumer<?, ?> consumer, String topic, long deadline) {
        java.util.concurrent.atomic.AtomicReference<List<PartitionInfo>> found = new java.util.concurrent.atomic.AtomicReference<>(List.of());
        try {
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))
                    .pollInSameThread() // a KafkaConsumer stays on one thread
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        List<PartitionInfo> infos;
                        try {
                            infos = consumer.partitionsFor(topic, Duration.ofMillis(500));
                        } catch (org.apache.kafka.common.errors.TimeoutException notYet) {
                            infos = List.of();
                        }
                        found.set(infos == null ? List.of() : infos);
                        return !found.get().isEmpty();
                    });
        } catch (org.awaitility.core.ConditionTimeoutException timedOut) {
            return List.of(); // the caller returns what came (nothing), so its assertion shows it
        }
        return found.get().stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    }

    private Properties consumerProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Asking for a topic's partitions must not create it with the broker's defaults.
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        return p;
    }


    @Override
    public String toString() {
        return kind + " Kafka broker at " + bootstrapServers;
    }
}
