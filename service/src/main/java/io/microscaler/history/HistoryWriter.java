package io.microscaler.history;

import io.microscaler.forecast.ClosedSlot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each slot a predictive service's forecaster closes, keyed by the service. A write that
 * fails loses one minute of one service's history, which the median over past days absorbs: it is
 * counted and logged (at most once a minute), and the forecast goes on from memory.
 */
public final class HistoryWriter {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryWriter.class);
    private static final long WARN_EVERY_MS = 60_000;

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private long written;
    private long failed;
    private long lastWarnMillis = Long.MIN_VALUE / 2;

    /** @param properties e.g. {@link io.microscaler.kafka.KafkaClientProperties#producer} */
    public HistoryWriter(Vertx vertx, Map<String, String> properties, String topic) {
        this.producer = KafkaProducer.create(vertx, properties);
        this.topic = topic;
    }

    /** Must be called on the owner's context (the counts are not shared). */
    public void write(String service, ClosedSlot slot) {
        producer.send(KafkaProducerRecord.create(topic, HistoryRecords.key(service), HistoryRecords.value(service, slot)))
                .onSuccess(m -> written++)
                .onFailure(e -> {
                    failed++;
                    long now = System.currentTimeMillis();
                    if (now - lastWarnMillis >= WARN_EVERY_MS) {
                        lastWarnMillis = now;
                        LOG.warn("writing forecast history to {} failed ({} failed, {} written so far): {}", topic,
                                failed, written, e.toString());
                    }
                });
    }

    public long written() {
        return written;
    }

    public long failed() {
        return failed;
    }

    public Future<Void> close() {
        return producer.close();
    }
}
