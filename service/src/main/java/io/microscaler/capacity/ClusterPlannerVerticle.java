package io.microscaler.capacity;

import io.microscaler.actuate.aws.ClusterView;
import io.microscaler.bus.Addresses;
import io.microscaler.bus.ClusterLeadership;
import io.microscaler.cluster.PlannerStage;
import io.microscaler.config.KafkaConfig;
import io.microscaler.decision.Decision;
import io.microscaler.ingest.DeadLetters;
import io.microscaler.ingest.RejectReason;
import io.microscaler.kafka.KafkaClientProperties;
import io.microscaler.kafka.TopicFollower;
import io.microscaler.observability.IngestMeters;
import io.microscaler.observability.IngestMeters.Outcome;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one cluster planner, on whichever instance leads the cluster (holds partition 0 of the
 * cluster topic, {@link Addresses#CLUSTER_LEADERSHIP}). Every instance's {@link WishRelayVerticle}
 * writes its services' wishes and counts to the wishes topic; the leader reads it whole, restores
 * every wish at once, then plans ({@link PlannerStage}) when a wish changes and every
 * {@code interval} with a fresh cluster read. Its grants go to the grants topic, where
 * {@link GrantsVerticle} on the instance that owns each service hands them to its actuator. So the
 * planner weighs every service's wish whoever owns it, and displacement works across instances.
 *
 * <p>A new leader numbers its decisions from its clock in microseconds ({@link PlannerStage}'s
 * floor), above the previous leader's, which the actuators have seen. Losing the lead stops it at
 * once: no timer, no reader, no stage.
 */
public final class ClusterPlannerVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterPlannerVerticle.class);

    private final LongFunction<PlannerStage> stages;
    private final Supplier<Future<ClusterView>> read;
    private final Duration interval;
    private final Clock clock;
    private final KafkaConfig kafka;
    private final String bootstrapServers;
    private final IngestMeters meters;

    private KafkaProducer<byte[], byte[]> grants;
    private DeadLetters deadLetters;
    /** While leading: the wishes topic's reader; the stage once it has caught up. */
    private TopicFollower wishes;
    private PlannerStage stage;
    private final Map<String, PlanRecords.WishRecord> restoring = new LinkedHashMap<>();
    /** Counts leaderships, so a reader of a lead already lost cannot feed the next one. */
    private long term;
    private boolean reading;
    private long timer = -1;

    /**
     * @param stages a new stage for a new lead, given its seq floor
     * @param read   reads the cluster (e.g. {@code EcsClusterCapacity::read})
     */
    public ClusterPlannerVerticle(LongFunction<PlannerStage> stages, Supplier<Future<ClusterView>> read,
                                  Duration interval, Clock clock, KafkaConfig kafka, String bootstrapServers,
                                  IngestMeters meters) {
        this.stages = stages;
        this.read = read;
        this.interval = interval;
        this.clock = clock;
        this.kafka = kafka;
        this.bootstrapServers = bootstrapServers;
        this.meters = meters;
    }

    @Override
    public Future<?> start() {
        grants = KafkaProducer.create(vertx, KafkaClientProperties.producer(kafka, bootstrapServers, "microscaler-planner"));
        deadLetters = DeadLetters.create(vertx, kafka, bootstrapServers, "microscaler-planner-dlt", meters);
        meters.topic(kafka.topics().wishes());
        return vertx.eventBus().<ClusterLeadership>localConsumer(Addresses.CLUSTER_LEADERSHIP,
                m -> lead(m.body().leading())).completion();
    }

    @Override
    public Future<?> stop() {
        Future<Void> reader = follow(null);
        return Future.join(reader, grants.close(), deadLetters.close());
    }

    private void lead(boolean leading) {
        if (leading == (wishes != null)) {
            return;
        }
        if (!leading) {
            follow(null);
            LOG.info("cluster planner: no longer leading; stopped");
            return;
        }
        long myTerm = ++term;
        TopicFollower follower = new TopicFollower(vertx,
                KafkaClientProperties.follower(kafka, bootstrapServers, "microscaler-planner-wishes"),
                kafka.topics().wishes(), true);
        follow(follower);
        follower.start(record -> {
            if (term == myTerm) {
                onRecord(record);
            }
        }, () -> {
            if (term == myTerm) {
                caughtUp();
            }
        }).onFailure(e -> LOG.warn("cluster planner: reading {} failed: {}", kafka.topics().wishes(), e.toString()));
    }

    /** Replaces the reader (null: none), dropping the stage and the timer of the lead before. */
    private Future<Void> follow(TopicFollower next) {
        TopicFollower previous = wishes;
        wishes = next;
        term += next == null ? 1 : 0;
        stage = null;
        restoring.clear();
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        return previous == null ? Future.succeededFuture() : previous.stop();
    }

    private void caughtUp() {
        Instant now = clock.instant();
        stage = stages.apply(now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000);
        List<Decision> latest = new ArrayList<>();
        Map<String, Integer> observed = new HashMap<>();
        restoring.values().forEach(r -> {
            if (r instanceof PlanRecords.Wish w) {
                latest.add(w.decision());
            } else if (r instanceof PlanRecords.Observed o) {
                observed.put(o.service(), o.desired());
            }
        });
        stage.restore(latest, observed, now);
        LOG.info("cluster planner: leading; restored {} wish(es) and {} count(s) from {}", latest.size(),
                observed.size(), kafka.topics().wishes());
        restoring.clear();
        timer = vertx.setPeriodic(1, interval.toMillis(), id -> round());
    }

    private void onRecord(KafkaConsumerRecord<byte[], byte[]> record) {
        PlanRecords.WishRecord wish;
        try {
            wish = PlanRecords.readWish(record.value());
        } catch (IllegalArgumentException e) {
            deadLetters.send(record, RejectReason.INVALID_VALUE, "not a wish record: " + e.getMessage());
            return;
        }
        meters.record(record.topic(), Outcome.RECORDED);
        if (stage == null) {
            restoring.put(record.key() == null ? wish.service() : new String(record.key(), StandardCharsets.UTF_8), wish);
            return;
        }
        Instant now = clock.instant();
        if (wish instanceof PlanRecords.Wish w) {
            safely(() -> stage.wish(w.decision(), now));
        } else if (wish instanceof PlanRecords.Observed o) {
            safely(() -> stage.observed(o.service(), o.desired(), now));
        }
    }

    private void round() {
        if (reading || stage == null) {
            return; // a slow read is not doubled
        }
        reading = true;
        PlannerStage planning = stage;
        read.get().onComplete(view -> {
            reading = false;
            if (stage != planning) {
                return; // the lead changed while reading
            }
            if (view.succeeded()) {
                safely(() -> stage.cluster(ClusterStates.of(view.result()), clock.instant()));
            } else {
                LOG.warn("cluster planner: reading the cluster failed: {}", view.cause().toString());
            }
        });
    }

    /** A plan that fails (e.g. a cluster read the planner cannot take) is logged, never thrown into the event loop. */
    private void safely(Supplier<PlannerStage.Outcome> plan) {
        PlannerStage.Outcome outcome;
        try {
            outcome = plan.get();
        } catch (RuntimeException e) {
            LOG.warn("cluster planner: planning failed: {}", e.toString());
            return;
        }
        for (Decision d : outcome.announce()) {
            LOG.info("cluster planner: {} {} → {} ({}): {}", d.service(), d.from(), d.to(), d.reason(), d.message());
            send(false, d);
        }
        outcome.apply().forEach(d -> send(true, d));
    }

    private void send(boolean apply, Decision d) {
        grants.send(KafkaProducerRecord.create(kafka.topics().grants(), d.service().getBytes(StandardCharsets.UTF_8),
                        PlanRecords.grant(apply, d)))
                .onFailure(e -> LOG.warn("cluster planner: sending {} → {} for {} failed: {}", d.from(), d.to(),
                        d.service(), e.toString()));
    }
}
