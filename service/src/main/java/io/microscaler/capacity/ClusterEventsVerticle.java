package io.microscaler.capacity;

import io.microscaler.bus.Addresses;
import io.microscaler.bus.ClusterEvent;
import io.microscaler.bus.ClusterLeadership;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.ingest.DeadLetters;
import io.microscaler.kafka.KafkaClientProperties;
import io.microscaler.observability.IngestMeters;
import io.microscaler.observability.IngestMeters.Outcome;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the cluster topic and publishes each event the cluster planner acts on
 * ({@link ClusterEvent}) on {@link Addresses#CLUSTER_EVENTS}. Its consumer group is the ingest
 * group's id + {@code -cluster}, so across autoscaler instances exactly one reads each partition;
 * whoever holds partition 0 runs the planner (docs/design.md section 7) and is told so on
 * {@link Addresses#CLUSTER_LEADERSHIP}. Bad records go to the dead-letter topic like any other.
 */
public final class ClusterEventsVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterEventsVerticle.class);

    private final MicroscalerConfig config;
    private final String bootstrapServers;
    private final IngestMeters meters;
    private final ClusterEventDecoder decoder = new ClusterEventDecoder();
    private final String owner = "cluster-" + UUID.randomUUID().toString().substring(0, 8);

    private KafkaConsumer<byte[], byte[]> consumer;
    private DeadLetters deadLetters;
    private volatile boolean stopping;
    private boolean leader;

    public ClusterEventsVerticle(MicroscalerConfig config, String bootstrapServers, IngestMeters meters) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.meters = meters;
    }

    /** The consumer group of the cluster topic, derived from the ingest group. */
    public static String groupId(MicroscalerConfig config) {
        return config.kafka().groupId() + "-cluster";
    }

    @Override
    public Future<?> start() {
        Map<String, String> properties = KafkaClientProperties.consumer(config.kafka(), bootstrapServers, owner);
        properties.put("group.id", groupId(config));
        // A new group reads from the start: with "latest" the position is fixed only at the first
        // fetch, after assignment, and events sent in between were skipped. Old spot warnings are
        // harmless: the capacity loop ignores those whose notice has run out.
        properties.put("auto.offset.reset", "earliest");
        consumer = KafkaConsumer.create(vertx, properties);
        deadLetters = DeadLetters.create(vertx, config.kafka(), bootstrapServers, owner + "-dlt", meters);
        consumer.exceptionHandler(e -> {
            if (stopping) {
                LOG.debug("{}: Kafka consumer error while stopping: {}", owner, e.toString());
            } else {
                LOG.warn("{}: Kafka consumer error: {}", owner, e.toString());
            }
        });
        consumer.partitionsAssignedHandler(partitions -> {
            if (partitions.stream().anyMatch(ClusterEventsVerticle::isPartitionZero)) {
                lead(true);
            }
        });
        consumer.partitionsRevokedHandler(partitions -> {
            if (partitions.stream().anyMatch(ClusterEventsVerticle::isPartitionZero)) {
                lead(false);
            }
        });
        consumer.batchHandler(this::onBatch);
        return consumer.subscribe(config.kafka().topics().cluster());
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        consumer.pause();
        if (leader) {
            lead(false);
        }
        return Future.join(consumer.close(), deadLetters.close());
    }

    private static boolean isPartitionZero(TopicPartition tp) {
        return tp.getPartition() == 0;
    }

    private void lead(boolean leading) {
        leader = leading;
        LOG.info("{}: {} the cluster planner (partition 0 of {})", owner, leading ? "runs" : "no longer runs",
                config.kafka().topics().cluster());
        vertx.eventBus().publish(Addresses.CLUSTER_LEADERSHIP, new ClusterLeadership(owner, leading));
    }

    private void onBatch(KafkaConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        List<Future<?>> deadLettered = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            KafkaConsumerRecord<byte[], byte[]> record = records.recordAt(i);
            ClusterEventDecoder.Result result = decoder.decode(record.value());
            if (result instanceof ClusterEventDecoder.Result.Accepted accepted) {
                meters.record(record.topic(), Outcome.RECORDED);
                vertx.eventBus().publish(Addresses.CLUSTER_EVENTS, accepted.event());
            } else if (result instanceof ClusterEventDecoder.Result.Rejected rejected) {
                deadLettered.add(deadLetters.send(record, rejected.reason(), rejected.detail()));
            } else {
                meters.record(record.topic(), Outcome.IGNORED);
            }
            commits.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1, null));
        }
        if (commits.isEmpty()) {
            return;
        }
        Future.all(deadLettered).onComplete(all -> {
            if (all.succeeded()) {
                consumer.commit(commits).onFailure(e -> LOG.debug("{}: commit failed: {}", owner, e.toString()));
            } else {
                LOG.error("{}: dead-letter write failed, not committing this batch: {}", owner, all.cause().toString());
            }
        });
    }
}
