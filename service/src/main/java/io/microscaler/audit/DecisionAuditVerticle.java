package io.microscaler.audit;

import io.microscaler.bus.Addresses;
import io.microscaler.decision.Decision;
import io.microscaler.observability.DecisionMeters;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every published decision to the Kafka audit topic, keyed by service, and counts it. In
 * shadow mode each record carries {@code "shadow": true} and a decision that changes the count says
 * "would set N → M", in the record and in the log line alike: nothing was set.
 */
public final class DecisionAuditVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionAuditVerticle.class);

    private final String topic;
    private final Map<String, String> producerProperties;
    private final DecisionMeters meters;
    private final boolean shadow;
    private KafkaProducer<byte[], byte[]> producer;

    public DecisionAuditVerticle(String topic, Map<String, String> producerProperties, DecisionMeters meters) {
        this(topic, producerProperties, meters, false);
    }

    /** @param shadow whether decisions are only reported ({@code actuator.mode: shadow}) */
    public DecisionAuditVerticle(String topic, Map<String, String> producerProperties, DecisionMeters meters,
                                 boolean shadow) {
        this.shadow = shadow;
        this.topic = topic;
        this.producerProperties = Map.copyOf(producerProperties);
        this.meters = meters;
    }

    @Override
    public Future<?> start() {
        producer = KafkaProducer.create(vertx, producerProperties);
        return Future.all(Addresses.ANNOUNCED.stream()
                .map(address -> vertx.eventBus().<Decision>localConsumer(address, m -> write(m.body())).completion())
                .toList());
    }

    private void write(Decision d) {
        meters.published(d);
        if (shadow && d.changesCount()) {
            LOG.info("shadow decision {} would set {} → {} ({}), nothing applied: {}", d.service(), d.from(), d.to(),
                    DecisionJson.reasonName(d.reason()), d.message());
        } else {
            LOG.info("{}decision {} {} → {} ({}): {}", shadow ? "shadow " : "", d.service(), d.from(), d.to(),
                    DecisionJson.reasonName(d.reason()), d.message());
        }
        KafkaProducerRecord<byte[], byte[]> record = KafkaProducerRecord.create(topic,
                d.service().getBytes(StandardCharsets.UTF_8), DecisionJson.toBytes(d, shadow), d.at().toEpochMilli(), null);
        producer.send(record).onFailure(e -> LOG.error("audit write of {} seq {} failed: {}", d.service(), d.seq(), e.toString()));
    }

    @Override
    public Future<?> stop() {
        return producer.close();
    }
}
