package io.microscaler.capacity;

import io.microscaler.bus.Addresses;
import io.microscaler.bus.Ownership;
import io.microscaler.bus.OwnershipChange;
import io.microscaler.config.KafkaConfig;
import io.microscaler.ingest.DeadLetters;
import io.microscaler.ingest.RejectReason;
import io.microscaler.kafka.KafkaClientProperties;
import io.microscaler.kafka.TopicFollower;
import io.microscaler.observability.IngestMeters;
import io.microscaler.observability.IngestMeters.Outcome;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import java.util.Set;

/**
 * With {@code cluster.enabled}, on every instance: reads the cluster planner's grants from the
 * grants topic (from the end: a grant that goes missing is sent again by the planner, see
 * {@link io.microscaler.cluster.PlannerStage#observed}) and hands those of the services this
 * instance owns to its actuator ({@link Addresses#PLANNED_DECISIONS}) and, adjusted ones, to its
 * audit, API and status page ({@link Addresses#GRANTS}). Another instance's services are not ours
 * to apply: their owner reads the same record.
 */
public final class GrantsVerticle extends VerticleBase {

    private final KafkaConfig kafka;
    private final String bootstrapServers;
    private final Set<String> services;
    private final IngestMeters meters;
    private final Ownership ownership = new Ownership();
    private TopicFollower follower;
    private DeadLetters deadLetters;

    public GrantsVerticle(KafkaConfig kafka, String bootstrapServers, Set<String> services, IngestMeters meters) {
        this.kafka = kafka;
        this.bootstrapServers = bootstrapServers;
        this.services = Set.copyOf(services);
        this.meters = meters;
    }

    @Override
    public Future<?> start() {
        meters.topic(kafka.topics().grants());
        deadLetters = DeadLetters.create(vertx, kafka, bootstrapServers, "microscaler-grants-dlt", meters);
        follower = new TopicFollower(vertx, KafkaClientProperties.follower(kafka, bootstrapServers, "microscaler-grants"),
                kafka.topics().grants(), false);
        return vertx.eventBus().<OwnershipChange>localConsumer(Addresses.OWNERSHIP,
                        m -> ownership.update(m.body(), services)).completion()
                .compose(v -> follower.start(this::onRecord, () -> { }));
    }

    @Override
    public Future<?> stop() {
        return Future.join(follower.stop(), deadLetters.close());
    }

    private void onRecord(KafkaConsumerRecord<byte[], byte[]> record) {
        PlanRecords.Grant grant;
        try {
            grant = PlanRecords.readGrant(record.value());
        } catch (IllegalArgumentException e) {
            deadLetters.send(record, RejectReason.INVALID_VALUE, "not a grant record: " + e.getMessage());
            return;
        }
        if (!services.contains(grant.decision().service()) || !ownership.owns(grant.decision().service())) {
            meters.record(record.topic(), Outcome.IGNORED);
            return;
        }
        meters.record(record.topic(), Outcome.RECORDED);
        vertx.eventBus().publish(grant.apply() ? Addresses.PLANNED_DECISIONS : Addresses.GRANTS, grant.decision());
    }
}
