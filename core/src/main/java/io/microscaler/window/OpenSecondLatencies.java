package io.microscaler.window;

import java.util.Arrays;

/**
 * The whole-millisecond latencies a ring's slot is being given, counted in a small table indexed by
 * bin, and added to that slot's {@link LatencyBins} only when the ring reads it, moves on to another
 * slot or reuses this one. {@link LatencyBins} keeps its bins sorted: each request cost a search of
 * them, and each new bin a shift of the ones above it (the window's part of the ingest thread's
 * time, issue 20); here a request is an increment.
 *
 * <p>The figures are the same, bit for bit: counts are whole numbers, so adding a bin's requests at
 * once gives the same count as adding them one by one, and {@link LatencyBins} ends in the same bins
 * whatever order they come in, collapsing included. A latency whose bin falls outside the table
 * goes to the bins at once, as before. Owned by one ring: not thread-safe.
 */
final class OpenSecondLatencies {

    private static final int SIZE = 256; // bins from a factor of about 13 below the slot's first latency to 13 above

    private final int[] counts = new int[SIZE];
    // the places of counts that are not zero, each as (place - 128) so that bytes sort as the places do:
    // a flush then costs what was counted, not the whole table (at 10,000 quiet services, scanning every
    // table at each tick's first read cost more than the table saved)
    private final byte[] used = new byte[SIZE];
    private int usedCount;
    private int slot = -1;
    private int base; // the bin of counts[0]

    /** The slot being counted, or -1. */
    int slot() {
        return slot;
    }

    /** Counts for {@code slot} from now on, around {@code bin}; the table must be empty (flushed). */
    void open(int slot, int bin) {
        this.slot = slot;
        this.base = bin - SIZE / 2;
    }

    /** Counts one request of {@code bin} for the open slot; false if the bin is outside the table. */
    boolean add(int bin) {
        int i = bin - base;
        if (i < 0 || i >= SIZE || counts[i] == Integer.MAX_VALUE) {
            return false;
        }
        if (counts[i]++ == 0) {
            used[usedCount++] = (byte) (i - SIZE / 2);
        }
        return true;
    }

    /** Adds what was counted to {@code bins} (the open slot's) and empties the table; the slot stays open. */
    void flushInto(LatencyBins bins) {
        if (usedCount == 0) {
            return;
        }
        // ascending, so that bins new to the second are appended rather than inserted below others
        Arrays.sort(used, 0, usedCount);
        for (int k = 0; k < usedCount; k++) {
            int i = used[k] + SIZE / 2;
            bins.add(base + i, counts[i]);
            counts[i] = 0;
        }
        usedCount = 0;
    }
}
