package io.microscaler.ingest;

import io.microscaler.config.KafkaConfig;
import io.microscaler.kafka.KafkaClientProperties;
import io.microscaler.observability.IngestMeters;
import io.microscaler.observability.IngestMeters.Outcome;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records that arrived on a partition other than their service's home
 * ({@link io.microscaler.kafka.ServicePartitions}): a producer keyed them by something else, or not
 * at all. Reading them where they landed would give the service a second owner, with half its
 * load and its own decisions; so each is written again, unchanged, to its home partition of the
 * same topic, keyed by the service and with headers saying where it came from, and the consumer
 * commits it only once that write is acknowledged (nothing lost). Counted as {@code rerouted}; a
 * WARN names the producer's topic and partition at most once a minute per partition.
 */
final class Reroutes {

    static final String FROM_TOPIC = "microscaler.rerouted.from.topic";
    static final String FROM_PARTITION = "microscaler.rerouted.from.partition";
    static final String FROM_OFFSET = "microscaler.rerouted.from.offset";
    private static final long WARN_EVERY_MILLIS = 60_000;
    private static final Logger LOG = LoggerFactory.getLogger(Reroutes.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final IngestMeters meters;
    private final Map<String, Long> lastWarned = new HashMap<>();

    private Reroutes(KafkaProducer<byte[], byte[]> producer, IngestMeters meters) {
        this.producer = producer;
        this.meters = meters;
    }

    static Reroutes create(Vertx vertx, KafkaConfig kafka, String bootstrapServers, String clientId, IngestMeters meters) {
        return new Reroutes(KafkaProducer.create(vertx, KafkaClientProperties.producer(kafka, bootstrapServers, clientId)),
                meters);
    }

    /** Writes the record to the service's home partition; completes once the broker acknowledged it. */
    Future<?> send(KafkaConsumerRecord<byte[], byte[]> record, String service, int home, long nowMillis) {
        meters.record(record.topic(), Outcome.REROUTED);
        String from = record.topic() + "-" + record.partition();
        Long last = lastWarned.get(from);
        if (last == null || nowMillis - last >= WARN_EVERY_MILLIS) {
            lastWarned.put(from, nowMillis);
            LOG.warn("a record of service '{}' arrived on {} (key {}), but its home partition is {}-{}: a producer keys"
                    + " by something other than the service id; sending it on to its home (counted in"
                    + " microscaler_ingest_records_total{{outcome=\"rerouted\"}}; this warning at most once a minute per"
                    + " partition)", service, from, record.key() == null ? "none" : Texts.quoted(Texts.echo(new String(record.key(), java.nio.charset.StandardCharsets.UTF_8))),
                    record.topic(), home);
        }
        KafkaProducerRecord<byte[], byte[]> out = KafkaProducerRecord.create(record.topic(),
                service.getBytes(java.nio.charset.StandardCharsets.UTF_8), record.value(), record.timestamp(), home);
        record.headers().forEach(h -> out.addHeader(h.key(), h.value()));
        out.addHeader(FROM_TOPIC, record.topic())
                .addHeader(FROM_PARTITION, Integer.toString(record.partition()))
                .addHeader(FROM_OFFSET, Long.toString(record.offset()));
        return producer.send(out);
    }

    /** True if a consumer of ours already sent this record on from where a producer put it. */
    static boolean wasRerouted(KafkaConsumerRecord<byte[], byte[]> record) {
        for (var header : record.headers()) {
            if (FROM_TOPIC.equals(header.key())) {
                return true;
            }
        }
        return false;
    }

    Future<Void> close() {
        return producer.close();
    }
}
