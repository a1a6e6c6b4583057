package io.microscaler.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Fills a topic with request events before any consumer runs, so that every consumer reads the
 * same records from the same broker and the producer's speed is not part of any figure.
 *
 * <p>Event times are spread evenly over {@code [end − span, end)} in production order (each
 * partition's events are in time order, as from live servers), and each record's Kafka timestamp is
 * its event's {@code ts}, as the README asks of producers: a window rebuild finds its start by it.
 */
final class TopicLoader {

    /** What was loaded: the totals per service and how long producing took. */
    record Loaded(String topic, long records, long bytes, ServiceTotals totals, long nanos) {
    }

    static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap, "client.id", "bench-admin"))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
    }

    static Loaded load(String bootstrap, String topic, long n, RequestMix mix, long eventTimeEnd, long spanMs) {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, "bench-loader",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                // Loading is not measured: wait for a starved broker on a busy machine rather than fail
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 900_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 300_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        byte[][] keys = new byte[mix.services().length][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = mix.service(i).getBytes(StandardCharsets.UTF_8);
        }
        long start = System.nanoTime();
        long bytes = 0;
        long first = eventTimeEnd - spanMs;
        AtomicReference<Exception> failed = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (long i = 0; i < n; i++) {
                long ts = first + (long) ((double) i * spanMs / n);
                int service = mix.nextService();
                byte[] value = mix.request(service, ts);
                bytes += value.length;
                producer.send(new ProducerRecord<>(topic, null, ts, keys[service], value), (metadata, e) -> {
                    if (e != null) {
                        failed.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw new IllegalStateException("the benchmark's producer failed: " + failed.get(), failed.get());
        }
        return new Loaded(topic, n, bytes, mix.totals(), System.nanoTime() - start);
    }

    private TopicLoader() {
    }
}
