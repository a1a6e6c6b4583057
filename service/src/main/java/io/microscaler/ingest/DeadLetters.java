package io.microscaler.ingest;

import io.microscaler.config.KafkaConfig;
import io.microscaler.kafka.KafkaClientProperties;
import io.microscaler.observability.IngestMeters;
import io.microscaler.observability.IngestMeters.Outcome;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaProducer;

/**
 * The dead-letter topic as every consumer of ours writes to it: the original bytes with the reason
 * and the source's topic, partition and offset ({@link DeadLetterRecord}), counted by reason. A
 * consumer commits a batch only once its dead-letter writes are acknowledged, so nothing is lost.
 */
public final class DeadLetters {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final IngestMeters meters;

    private DeadLetters(KafkaProducer<byte[], byte[]> producer, String topic, IngestMeters meters) {
        this.producer = producer;
        this.topic = topic;
        this.meters = meters;
    }

    /** @param clientId the Kafka client id of the producer, e.g. the owning consumer's id + "-dlt" */
    public static DeadLetters create(Vertx vertx, KafkaConfig kafka, String bootstrapServers, String clientId,
                                     IngestMeters meters) {
        return new DeadLetters(KafkaProducer.create(vertx, KafkaClientProperties.producer(kafka, bootstrapServers, clientId)),
                kafka.topics().deadLetter(), meters);
    }

    /** Writes the record with its reason; the future completes once the broker acknowledged it. */
    public Future<?> send(KafkaConsumerRecord<byte[], byte[]> record, RejectReason reason, String detail) {
        meters.record(record.topic(), Outcome.DEAD_LETTER);
        meters.deadLetter(reason.label());
        return producer.send(DeadLetterRecord.of(topic, record, reason.label(), detail))
                .onFailure(e -> meters.deadLetterFailed());
    }

    public Future<Void> close() {
        return producer.close();
    }
}
