package io.microscaler.audit;

import io.microscaler.bus.Addresses;
import io.microscaler.bus.AdminAction;
import io.microscaler.decision.Decision;
import io.microscaler.observability.DecisionMeters;
import io.microscaler.observability.LogBudget;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every published decision to the Kafka audit topic, keyed by service, and counts it; and
 * every admin action ({@link AdminActionJson}: who paused, pinned, resumed or released what, why and
 * when). In
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
    // every service's first holds come at once at start (warming, capacity unknown…): 10,000 lines on an
    // event loop with 10,000 services. Count changes are always written; holds up to the budget
    private final LogBudget holdLines = new LogBudget(HOLD_LINES, HOLD_LINES_INTERVAL_MS);
    private long flushTimer = -1;
    private static final int HOLD_LINES = 50;
    private static final long HOLD_LINES_INTERVAL_MS = 10_000;

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
        List<Future<Void>> consumers = new ArrayList<>(Addresses.ANNOUNCED.stream()
                .map(address -> vertx.eventBus().<Decision>localConsumer(address, m -> write(m.body())).completion())
                .toList());
        consumers.add(vertx.eventBus().<AdminAction>localConsumer(Addresses.ADMIN_ACTIONS, m -> write(m.body())).completion());
        flushTimer = vertx.setPeriodic(HOLD_LINES_INTERVAL_MS, id -> sayLeftOut());
        return Future.all(consumers);
    }

    /** An operator's action (or a pin's end), keyed by service like the decisions, stamped when it happened. */
    private void write(AdminAction a) {
        LOG.info("admin {} {} by {}{}{}: {}", a.kind().label(), a.service(), a.by(),
                a.count().isPresent() ? " at " + a.count().getAsInt() : "", a.until().map(u -> " until " + u).orElse(""),
                a.reason());
        KafkaProducerRecord<byte[], byte[]> record = KafkaProducerRecord.create(topic,
                a.service().getBytes(StandardCharsets.UTF_8), AdminActionJson.toBytes(a), a.at().toEpochMilli(), null);
        producer.send(record).onFailure(e -> LOG.error("audit write of admin {} of {} failed: {}", a.kind().label(),
                a.service(), e.toString()));
    }

    private void write(Decision d) {
        meters.published(d);
        if (!d.changesCount() && !holdLines.tryWrite(System.currentTimeMillis())) {
            // not logged: the audit record below and /api/decisions have it
        } else if (shadow && d.changesCount()) {
            LOG.info("shadow decision {} would set {} → {} ({}), nothing applied: {}", d.service(), d.from(), d.to(),
                    DecisionJson.reasonName(d.reason()), d.message());
        } else {
            sayLeftOut();
            LOG.info("{}decision {} {} → {} ({}): {}", shadow ? "shadow " : "", d.service(), d.from(), d.to(),
                    DecisionJson.reasonName(d.reason()), d.message());
        }
        KafkaProducerRecord<byte[], byte[]> record = KafkaProducerRecord.create(topic,
                d.service().getBytes(StandardCharsets.UTF_8), DecisionJson.toBytes(d, shadow), d.at().toEpochMilli(), null);
        producer.send(record).onFailure(e -> LOG.error("audit write of {} seq {} failed: {}", d.service(), d.seq(), e.toString()));
    }

    private void sayLeftOut() {
        long leftOut = holdLines.drainLeftOut();
        if (leftOut > 0) {
            LOG.info("{} more decisions that hold the count were not logged ({}); the audit topic and /api/decisions"
                    + " have them all", leftOut, holdLines.describe());
        }
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(flushTimer);
        sayLeftOut();
        return producer.close();
    }
}
