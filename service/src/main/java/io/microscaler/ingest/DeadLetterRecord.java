package io.microscaler.ingest;

import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.nio.charset.StandardCharsets;

/**
 * The dead-letter form of a rejected record: the original key and bytes, untouched, with headers
 * that say why and where it came from, so it can be inspected and replayed.
 */
public final class DeadLetterRecord {

    public static final String REASON = "microscaler.dlt.reason";
    public static final String DETAIL = "microscaler.dlt.detail";
    public static final String SOURCE_TOPIC = "microscaler.dlt.source.topic";
    public static final String SOURCE_PARTITION = "microscaler.dlt.source.partition";
    public static final String SOURCE_OFFSET = "microscaler.dlt.source.offset";
    public static final String SOURCE_TIMESTAMP = "microscaler.dlt.source.timestamp";

    public static KafkaProducerRecord<byte[], byte[]> of(
            String deadLetterTopic, KafkaConsumerRecord<byte[], byte[]> source, String reason, String detail) {
        KafkaProducerRecord<byte[], byte[]> out =
                KafkaProducerRecord.create(deadLetterTopic, source.key(), source.value());
        out.addHeader(REASON, reason)
                .addHeader(DETAIL, Buffer.buffer(detail.getBytes(StandardCharsets.UTF_8)))
                .addHeader(SOURCE_TOPIC, source.topic())
                .addHeader(SOURCE_PARTITION, Integer.toString(source.partition()))
                .addHeader(SOURCE_OFFSET, Long.toString(source.offset()))
                .addHeader(SOURCE_TIMESTAMP, Long.toString(source.timestamp()));
        return out;
    }

    private DeadLetterRecord() {
    }
}
