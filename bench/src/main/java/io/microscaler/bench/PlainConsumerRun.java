package io.microscaler.bench;

import io.microscaler.config.ConfigLoader;
import io.microscaler.kafka.KafkaClientProperties;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * (a) The practical limit: one {@link KafkaConsumer} in its own group polling and discarding, with
 * the fetch settings microscaler's ingest consumers use ({@link KafkaClientProperties#consumer}:
 * byte arrays, 2,000 records per poll) but from the earliest offset.
 */
final class PlainConsumerRun {

    static RunResult run(String bootstrap, String topic, long expected, String group) {
        Map<String, Object> props = new HashMap<>(
                KafkaClientProperties.consumer(ConfigLoader.defaults().kafka(), bootstrap, group));
        props.put("group.id", group);
        props.put("auto.offset.reset", "earliest");
        ThreadCpu.Snapshot cpuStart = ThreadCpu.take();
        long[] assignedAt = {0};
        long firstAt = 0;
        long seen = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    if (assignedAt[0] == 0 && !partitions.isEmpty()) {
                        assignedAt[0] = System.nanoTime();
                    }
                }

                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                }
            });
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (seen < expected && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty() && firstAt == 0) {
                    firstAt = System.nanoTime();
                }
                seen += records.count();
            }
            long end = System.nanoTime();
            ThreadCpu.Usage cpu = ThreadCpu.between(cpuStart, ThreadCpu.take()); // before the consumer closes
            // Outside the timed part: no more records follow the expected ones.
            boolean more = !consumer.poll(Duration.ofMillis(300)).isEmpty();
            String detail = "records " + seen + " of " + expected + (more ? ", and more after them" : "");
            return new RunResult("(a) plain KafkaConsumer, poll and discard", seen, end - assignedAt[0], end - firstAt,
                    new RunResult.Check(seen == expected && !more, detail), cpu);
        }
    }

    private PlainConsumerRun() {
    }
}
