package io.microscaler.kafka;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.PartitionInfo;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of one topic, outside any consumer group: from the beginning (a compacted
 * topic read whole, then followed) or from the end (only what comes from now on). From the
 * beginning it says when it has caught up with what the topic held at start, so that its user can
 * act on the whole state at once rather than on each record of a replay.
 */
public final class TopicFollower {

    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);
    private static final long CATCH_UP_CHECK_MS = 100;
    private static final int SETTLED_CHECKS = 3;

    private final Vertx vertx;
    private final Map<String, String> properties;
    private final String topic;
    private final boolean fromBeginning;
    private KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean stopping;
    private long catchUpTimer = -1;
    /** By partition, the offset after the last record handed over. */
    private final Map<TopicPartition, Long> delivered = new HashMap<>();
    /** By partition, checks in a row that found the consumer's position at the end. */
    private final Map<TopicPartition, Integer> atEnd = new HashMap<>();

    /** @param properties e.g. {@link KafkaClientProperties#follower} */
    public TopicFollower(Vertx vertx, Map<String, String> properties, String topic, boolean fromBeginning) {
        this.vertx = vertx;
        this.properties = Map.copyOf(properties);
        this.topic = topic;
        this.fromBeginning = fromBeginning;
    }

    /**
     * Starts reading. {@code records} gets each record in order per partition; {@code caughtUp}
     * runs once every partition is read up to where it ended at start (at once when reading from the end).
     */
    public Future<Void> start(Handler<KafkaConsumerRecord<byte[], byte[]>> records, Runnable caughtUp) {
        consumer = KafkaConsumer.create(vertx, properties);
        consumer.exceptionHandler(e -> {
            if (!stopping) {
                LOG.warn("{}: Kafka consumer error: {}", topic, e.toString());
            }
        });
        consumer.handler(record -> {
            delivered.merge(new TopicPartition(record.topic(), record.partition()), record.offset() + 1, Math::max);
            records.handle(record);
        });
        return consumer.partitionsFor(topic).compose(infos -> {
            if (infos.isEmpty()) {
                return Future.failedFuture("topic " + topic + " has no partitions (does it exist?)");
            }
            Set<TopicPartition> partitions = infos.stream().map(PartitionInfo::getPartition)
                    .map(p -> new TopicPartition(topic, p)).collect(Collectors.toSet());
            return consumer.endOffsets(partitions).compose(ends -> consumer.assign(partitions)
                    .compose(v -> fromBeginning ? consumer.seekToBeginning(partitions) : consumer.seekToEnd(partitions))
                    .onSuccess(v -> {
                        if (fromBeginning) {
                            awaitCatchUp(new HashMap<>(ends), caughtUp);
                        } else {
                            caughtUp.run();
                        }
                    }));
        });
    }

    private void awaitCatchUp(Map<TopicPartition, Long> ends, Runnable caughtUp) {
        ends.values().removeIf(end -> end == 0);
        if (ends.isEmpty()) {
            caughtUp.run();
            return;
        }
        catchUpTimer = vertx.setPeriodic(0, CATCH_UP_CHECK_MS, id -> {
            List<Future<Boolean>> reached = new ArrayList<>();
            ends.forEach((tp, end) -> reached.add(reached(tp, end)));
            Future.all(reached).onSuccess(all -> {
                if (catchUpTimer == id && reached.stream().allMatch(Future::result)) {
                    vertx.cancelTimer(id);
                    catchUpTimer = -1;
                    caughtUp.run();
                }
            });
        });
    }

    /**
     * Whether a partition is read up to {@code end}: its record at {@code end - 1} was handed over,
     * or (where compaction removed that record) the consumer's position has been at the end for
     * {@link #SETTLED_CHECKS} checks, long enough for what it fetched to have been handed over.
     */
    private Future<Boolean> reached(TopicPartition tp, long end) {
        if (delivered.getOrDefault(tp, 0L) >= end) {
            return Future.succeededFuture(true);
        }
        return consumer.position(tp).map(position -> {
            int checks = position >= end ? atEnd.merge(tp, 1, Integer::sum) : 0;
            atEnd.put(tp, checks);
            return checks >= SETTLED_CHECKS;
        });
    }

    public Future<Void> stop() {
        stopping = true;
        if (catchUpTimer >= 0) {
            vertx.cancelTimer(catchUpTimer);
            catchUpTimer = -1;
        }
        return consumer == null ? Future.succeededFuture() : consumer.close();
    }
}
