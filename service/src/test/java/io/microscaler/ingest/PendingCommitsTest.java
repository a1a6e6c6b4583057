package io.microscaler.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PendingCommitsTest {

    private static final TopicPartition P0 = new TopicPartition("requests", 0);
    private static final TopicPartition P1 = new TopicPartition("requests", 1);
    private static final TopicPartition D0 = new TopicPartition("demand", 0);

    private final PendingCommits pending = new PendingCommits();

    @Test
    void commitsTheLastOfferedOffsetOfEachPartitionOnce() {
        pending.offer(Map.of(P0, offset(100), P1, offset(40)));
        pending.offer(Map.of(P0, offset(250)));
        pending.offer(Map.of(D0, offset(7)));

        assertThat(offsets(pending.takeAll())).containsExactlyInAnyOrderEntriesOf(Map.of(P0, 250L, P1, 40L, D0, 7L));
        assertThat(pending.takeAll()).isEmpty(); // nothing twice
    }

    @Test
    void aLaterBatchReplacesTheOffsetEvenWhenLower() {
        // a rebuild seeks back and reads again: the newest read position is what a per-batch commit said too
        pending.offer(Map.of(P0, offset(900)));
        pending.offer(Map.of(P0, offset(120)));

        assertThat(offsets(pending.takeAll())).containsExactlyEntriesOf(Map.of(P0, 120L));
    }

    @Test
    void revokedPartitionsAreTakenAloneAndNotCommittedAgain() {
        pending.offer(Map.of(P0, offset(100), P1, offset(40), D0, offset(7)));

        assertThat(offsets(pending.take(Set.of(P1, new TopicPartition("requests", 5)))))
                .containsExactlyEntriesOf(Map.of(P1, 40L));
        assertThat(offsets(pending.takeAll())).containsExactlyInAnyOrderEntriesOf(Map.of(P0, 100L, D0, 7L));
    }

    @Test
    void offersAfterATakeAreKeptForTheNext() {
        pending.offer(Map.of(P0, offset(100)));
        pending.takeAll();
        pending.offer(Map.of(P1, offset(3)));

        assertThat(offsets(pending.takeAll())).containsExactlyEntriesOf(Map.of(P1, 3L));
    }

    private static OffsetAndMetadata offset(long offset) {
        return new OffsetAndMetadata(offset, null);
    }

    private static Map<TopicPartition, Long> offsets(Map<TopicPartition, OffsetAndMetadata> commits) {
        return commits.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getOffset()));
    }
}
