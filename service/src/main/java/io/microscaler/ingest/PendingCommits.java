package io.microscaler.ingest;

import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The offsets read since the last commit, per partition, committed together once a second (and on
 * revoke and on stop) instead of after every poll's batch: the Vert.x client runs each commit as a
 * {@code commitSync} on its poll thread, and the broker appends each to its offsets topic. A
 * commit that comes late costs at most a second read again, and a new owner rebuilds its windows by
 * time from the topic anyway.
 *
 * <p>Only a batch whose records are all in a window, or whose dead-letter and reroute writes are
 * acknowledged, is offered; a batch whose writes failed is not, as it was not committed before.
 * Like the per-batch commits, a later batch's offset for a partition replaces an earlier one, so
 * the newest read position is committed (a rebuild's seek back is one too). Owned by one verticle's
 * event loop: not thread-safe.
 */
final class PendingCommits {

    private Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();

    /** A batch's offsets, its records done: they replace any offered before for the same partitions. */
    void offer(Map<TopicPartition, OffsetAndMetadata> batch) {
        pending.putAll(batch);
    }

    /** Every offset offered since the last take, now forgotten here; empty if there is none. */
    Map<TopicPartition, OffsetAndMetadata> takeAll() {
        if (pending.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetAndMetadata> taken = pending;
        pending = new HashMap<>();
        return taken;
    }

    /** The offsets offered for {@code partitions} (being revoked), now forgotten here; empty if none. */
    Map<TopicPartition, OffsetAndMetadata> take(Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> taken = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata offset = pending.remove(tp);
            if (offset != null) {
                taken.put(tp, offset);
            }
        }
        return taken;
    }
}
