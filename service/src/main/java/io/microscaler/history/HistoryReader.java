package io.microscaler.history;

import io.microscaler.forecast.ClosedSlot;
import io.microscaler.kafka.ServicePartitions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the forecast history of some services back: only their home partitions, only from a
 * given time, up to where each partition ended when the read began. Runs Kafka's own consumer on
 * a worker thread (it blocks while it polls), outside any group, committing nothing.
 */
public final class HistoryReader {

    private static final Duration POLL = Duration.ofMillis(200);

    /** A record that could not be read: for the dead-letter topic. */
    public record Rejected(ConsumerRecord<byte[], byte[]> record, String why) {
    }

    /**
     * What was read.
     *
     * @param slots    each wanted service's slots, oldest first as written
     * @param records  records read (any service's: a partition holds others' too)
     * @param complete false if the deadline came before every partition was read to its end
     */
    public record Read(Map<String, List<ClosedSlot>> slots, List<Rejected> rejected, long records, boolean complete) {
    }

    private final Vertx vertx;
    private final Map<String, Object> properties;
    private final String topic;
    private final Duration deadline;

    /** @param properties e.g. {@link io.microscaler.kafka.KafkaClientProperties#follower} */
    public HistoryReader(Vertx vertx, Map<String, String> properties, String topic, Duration deadline) {
        this.vertx = vertx;
        this.properties = new HashMap<>(properties);
        this.topic = topic;
        this.deadline = deadline;
    }

    /** The slots of {@code services} written at or after {@code from}. Fails if the topic does not exist. */
    public Future<Read> read(Set<String> services, Instant from) {
        if (services.isEmpty()) {
            return Future.succeededFuture(new Read(Map.of(), List.of(), 0, true));
        }
        return vertx.executeBlocking(() -> readBlocking(Set.copyOf(services), from), false);
    }

    private Read readBlocking(Set<String> services, Instant from) {
        long until = System.nanoTime() + deadline.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, deadline);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " has no partitions (does it exist?)");
            }
            Set<TopicPartition> partitions = new java.util.HashSet<>();
            for (String service : services) {
                partitions.add(new TopicPartition(topic, ServicePartitions.home(service, infos.size())));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, deadline));
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(tp -> times.put(tp, from.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times, deadline);
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp start = starts.get(tp);
                consumer.seek(tp, start == null ? ends.get(tp) : start.offset()); // null: nothing that recent
            }
            Map<String, List<ClosedSlot>> slots = new HashMap<>();
            List<Rejected> rejected = new ArrayList<>();
            long records = 0;
            while (!readToEnd(consumer, ends)) {
                if (System.nanoTime() > until) {
                    return new Read(slots, rejected, records, false);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    records++;
                    try {
                        HistoryRecords.Entry entry = HistoryRecords.read(record.value());
                        if (services.contains(entry.service())) {
                            slots.computeIfAbsent(entry.service(), s -> new ArrayList<>()).add(entry.slot());
                        }
                    } catch (IllegalArgumentException e) {
                        rejected.add(new Rejected(record, e.getMessage()));
                    }
                }
            }
            return new Read(slots, rejected, records, true);
        }
    }

    private static boolean readToEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        ends.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        return ends.isEmpty();
    }
}
