package io.microscaler.demo;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka producer shared by all image servers of the demo.
 *
 * <p>Why Kafka's own producer and not vertx-kafka-client's: the Vert.x wrapper (5.1.1) hands
 * every {@code send} to a worker context, one thread hop per record and one ordered queue for all
 * servers. Kafka's producer is thread-safe and its {@code send} only appends to a batch in
 * memory; it can block in two places, waiting for a topic's metadata and waiting for buffer
 * space, both bounded by {@code max.block.ms}. Here that is 0: metadata is fetched once before
 * the sink is handed out ({@link #start}), and if the 32 MB buffer is ever full the record fails
 * at once and is counted, instead of stalling an event loop. The callback runs on the producer's
 * I/O thread and only touches counters.
 *
 * <p>{@code acks=1}, no idempotence: these are telemetry; a record lost when the broker fails is
 * a gap the autoscaler already tolerates, and the leader's acknowledgement keeps latency low.
 */
public final class KafkaEventSink implements EventSink {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventSink.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile Throwable lastFailure;

    private KafkaEventSink(KafkaProducer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    /**
     * Creates the producer and waits (without blocking an event loop) until it knows the topic's
     * partitions, so that {@link #send} never waits for metadata.
     *
     * @param timeout how long the topic may take to appear; then the future fails
     */
    public static Future<KafkaEventSink> start(Vertx vertx, String bootstrapServers, String topic, Duration timeout) {
        return vertx.executeBlocking(() -> new KafkaEventSink(new KafkaProducer<>(properties(bootstrapServers))))
                .compose(sink -> sink.awaitMetadata(vertx, topic, System.nanoTime() + timeout.toNanos())
                        .map(sink)
                        .recover(e -> sink.close(vertx).transform(ignored -> Future.failedFuture(e))));
    }

    static Map<String, Object> properties(String bootstrapServers) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "microscaler-demo-image-servers");
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "0");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /**
     * With max.block.ms 0, partitionsFor asks for the topic's metadata and returns (or throws)
     * at once; the producer's I/O thread fetches it. So ask again every 50 ms until it is there.
     */
    private Future<Void> awaitMetadata(Vertx vertx, String topic, long deadlineNanos) {
        Promise<Void> known = Promise.promise();
        vertx.setPeriodic(1, 50, id -> {
            try {
                if (!producer.partitionsFor(topic).isEmpty()) {
                    vertx.cancelTimer(id);
                    known.tryComplete();
                    return;
                }
            } catch (TimeoutException notYet) {
                // not known yet
            } catch (RuntimeException e) {
                vertx.cancelTimer(id);
                known.tryFail(e);
                return;
            }
            if (System.nanoTime() > deadlineNanos) {
                vertx.cancelTimer(id);
                known.tryFail(new IllegalStateException("Kafka topic '" + topic + "' has no metadata after waiting:"
                        + " does it exist?"));
            }
        });
        return known.future();
    }

    @Override
    public void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value), (metadata, e) -> {
                if (e == null) {
                    sent.increment();
                } else {
                    failed(e);
                }
            });
        } catch (RuntimeException e) {
            failed(e); // e.g. the producer is closed while a server still answers
        }
    }

    private void failed(Throwable e) {
        failed.increment();
        if (lastFailure == null || !lastFailure.getClass().equals(e.getClass())) {
            LOG.warn("an image-server event could not be sent to Kafka ({}); counting, not retrying", e.toString());
        }
        lastFailure = e;
    }

    /** Events the broker acknowledged. */
    public long sent() {
        return sent.sum();
    }

    /** Events lost (buffer full, broker unreachable past the delivery timeout, closed). */
    public long failed() {
        return failed.sum();
    }

    /** Flushes what is buffered and closes the producer, on a worker thread. */
    public Future<Void> close(Vertx vertx) {
        return vertx.executeBlocking(() -> {
            producer.close(Duration.ofSeconds(5));
            return null;
        });
    }
}
