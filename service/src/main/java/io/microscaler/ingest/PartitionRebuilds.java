package io.microscaler.ingest;

import java.util.HashMap;
import java.util.Map;

/**
 * Tracks, per owned partition, whether its services' windows are being rebuilt.
 *
 * <p>When a partition is assigned the consumer seeks back to (now − stable span) and reads up to
 * the end offset seen at assignment; until then its services are warming. Records that arrive
 * before the seek has completed come from the old position and are skipped: the seek reads them
 * again. The Vert.x Kafka client runs seeks and polls on one thread and hands both back to the
 * verticle's context in order, so once the seek's completion has been seen here, every later
 * record of the partition comes from the new position.
 *
 * <p>Owned by one verticle (its context): not thread-safe. Keys are "topic-partition".
 */
public final class PartitionRebuilds {

    private enum Phase { SEEKING, REBUILDING, LIVE }

    private static final class Progress {
        Phase phase = Phase.SEEKING;
        long endOffset;
    }

    private final Map<String, Progress> partitions = new HashMap<>();

    /** A partition was assigned: skip its records until {@link #sought} is called. */
    public void assigned(String partition) {
        partitions.put(partition, new Progress());
    }

    /**
     * The seek completed.
     *
     * @param position  the offset the consumer now reads from
     * @param endOffset the partition's end offset when it was assigned
     * @return true if there is nothing to rebuild (the partition is live at once)
     */
    public boolean sought(String partition, long position, long endOffset) {
        Progress p = partitions.get(partition);
        if (p == null) {
            return false; // revoked meanwhile
        }
        p.endOffset = endOffset;
        p.phase = position >= endOffset ? Phase.LIVE : Phase.REBUILDING;
        return p.phase == Phase.LIVE;
    }

    /** Whether a record of this partition is to be processed. */
    public boolean accepts(String partition) {
        Progress p = partitions.get(partition);
        return p != null && p.phase != Phase.SEEKING;
    }

    /**
     * A record was processed.
     *
     * @return true if this record completed the partition's rebuild
     */
    public boolean processed(String partition, long offset) {
        Progress p = partitions.get(partition);
        if (p == null || p.phase != Phase.REBUILDING || offset + 1 < p.endOffset) {
            return false;
        }
        p.phase = Phase.LIVE;
        return true;
    }

    public boolean isLive(String partition) {
        Progress p = partitions.get(partition);
        return p != null && p.phase == Phase.LIVE;
    }

    public void revoked(String partition) {
        partitions.remove(partition);
    }

    public java.util.Set<String> owned() {
        return java.util.Set.copyOf(partitions.keySet());
    }
}
