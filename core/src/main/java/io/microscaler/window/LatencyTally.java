package io.microscaler.window;

import java.util.Arrays;

/**
 * The latencies of a span, from its seconds' {@link LatencyBins} in a dense array of counts by bin
 * index: adding a part costs one addition per bin of the part, where merging two sorted lists of
 * bins cost a pass over both and a copy, for each of the ~20 parts a tick read per service (a third
 * of a tick's time at 10,000 services, issue 20). A span's tally is also kept from one reading to
 * the next ({@link BucketRing}): the second that enters is added, the one that leaves subtracted,
 * and the latencies recorded into a second the span holds are added as they come.
 *
 * <p>The figures are those of {@link LatencyBins} merged one by one, bit for bit: counts are whole
 * numbers below 2^53, so their sums and differences are exact in any order; collapsing the lowest
 * bins ends in the same bins whatever the order, so it is done when the quantiles are read, and
 * without changing the counts: everything below the highest bin − {@link LatencySketches#MAX_BINS}
 * + 1 counts as in that bin, as {@link LatencyBins} and the sketch's store have it. Quantiles walk
 * the bins in index order, zeros first, as {@link LatencyBins#valuesAtQuantiles} does. Not
 * thread-safe.
 */
final class LatencyTally {

    private double[] counts;
    // the sums of counts[] by runs of GROUP bins of the array (group g: counts[g × GROUP ...]), so
    // that a quantile walk passes 64 bins with one addition where it can (issue 20: the walk from
    // the highest bin down to the median was a quarter of a 10,000-service tick)
    private double[] groups;
    private int offset;                    // the bin index of counts[0]
    private int lowest = Integer.MAX_VALUE; // the lowest and highest bin index that holds a count
    private int highest = Integer.MIN_VALUE;
    private double zeros;
    private double positive; // the counts of all bins: whole numbers, so exact in any order

    private final boolean compact;

    private static final int GROUP_SHIFT = 6;
    private static final int GROUP = 1 << GROUP_SHIFT;

    /** A reading's tally: room for the bins of most readings at once, doubled when short. */
    LatencyTally() {
        this(512, false);
    }

    /**
     * @param room    bins held before the array grows
     * @param compact grow to the bins held and a quarter more, not to twice the array: a span's tally
     *                is kept for each service, 10,000 of them on one instance
     */
    LatencyTally(int room, boolean compact) {
        this.counts = new double[room];
        this.groups = new double[groupsFor(room)];
        this.compact = compact;
    }

    /** Empty again; only the bins that were used are cleared. */
    void clear() {
        if (lowest <= highest) {
            Arrays.fill(counts, lowest - offset, highest - offset + 1, 0.0);
            Arrays.fill(groups, (lowest - offset) >> GROUP_SHIFT, ((highest - offset) >> GROUP_SHIFT) + 1, 0.0);
        }
        lowest = Integer.MAX_VALUE;
        highest = Integer.MIN_VALUE;
        zeros = 0;
        positive = 0;
    }

    /** No latency, not even a zero: every part the ring adds holds whole counts of at least 1. */
    boolean isEmpty() {
        return zeros == 0 && positive == 0;
    }

    /** Adds a second's or a block's latencies. */
    void addAll(LatencyBins part) {
        if (part.isEmpty()) {
            return;
        }
        zeros += part.zeros();
        int bins = part.binCount();
        if (bins == 0) {
            return;
        }
        int[] index = part.indexes();
        double[] count = part.counts();
        room(index[0], index[bins - 1]);
        // the part's total is kept whole by the part: a running sum here chained one floating-point
        // addition after another, bin by bin (a quarter of a tick at 10,000 services, issue 20)
        positive += part.positiveCount();
        int shift = offset;
        for (int i = 0; i < bins; i++) {
            int at = index[i] - shift;
            counts[at] += count[i];
            groups[at >> GROUP_SHIFT] += count[i];
        }
    }

    /**
     * Takes away a part added before, as it was added (with what was added for it since through
     * {@link #accept}): the counts are whole numbers, so what is left is exactly the sum of the
     * other parts. The bins at either end that are left empty are no longer the lowest or highest.
     */
    void subtractAll(LatencyBins part) {
        if (part.isEmpty()) {
            return;
        }
        zeros -= part.zeros();
        int bins = part.binCount();
        if (bins == 0) {
            return;
        }
        positive -= part.positiveCount();
        int[] index = part.indexes();
        double[] count = part.counts();
        int shift = offset;
        for (int i = 0; i < bins; i++) {
            int at = index[i] - shift;
            counts[at] -= count[i];
            groups[at >> GROUP_SHIFT] -= count[i];
        }
        if (positive == 0) {
            lowest = Integer.MAX_VALUE;
            highest = Integer.MIN_VALUE;
            return;
        }
        while (counts[lowest - shift] == 0) {
            lowest++;
        }
        while (counts[highest - shift] == 0) {
            highest--;
        }
    }

    /** One latency as {@link LatencyBins#accept(double, double)} takes it, in its own bin. */
    void accept(double value, double n) {
        if (n == 0) {
            return;
        }
        if (value > LatencySketches.MAPPING.minIndexableValue()) {
            addToBin(LatencySketches.MAPPING.index(value), n);
        } else {
            zeros += n;
        }
    }

    /** One request's latency as {@link LatencyBins#acceptMillis} takes it. */
    void acceptMillis(long latencyMs) {
        if (latencyMs > 0 && latencyMs < LatencySketches.CACHED_MILLIS) {
            addToBin(LatencySketches.indexOfMillis((int) latencyMs), 1);
        } else {
            accept(latencyMs, 1);
        }
    }

    private void addToBin(int bin, double n) {
        room(bin, bin);
        positive += n;
        counts[bin - offset] += n;
        groups[(bin - offset) >> GROUP_SHIFT] += n;
    }

    /**
     * The values at {@code quantiles} (ascending in [0, 1]), the same as
     * {@link LatencyBins#valuesAtQuantiles} of the same latencies merged as bins. Not for an empty
     * tally. Leaves the counts as they are.
     *
     * <p>The value at rank {@code q × (count − 1)} is the lowest bin whose count at or below it exceeds
     * the rank, zeros first, as the sketch has it. The walk goes from the highest bin down, where the
     * p95 and p99 a policy reads are a few bins away, instead of up through all of them: the count at
     * or below a bin is the total less the counts above it, the same number (whole counts are exact).
     * If the bins span more than {@link LatencySketches#MAX_BINS}, the lowest bin kept,
     * {@code highest − MAX_BINS + 1}, holds all the counts at or below it, as after the sketch's
     * collapse: the walk stops there, with all the counts but the zeros above it.
     */
    double[] valuesAtQuantiles(double[] quantiles) {
        for (int q = 0; q < quantiles.length; q++) {
            if (quantiles[q] < 0 || quantiles[q] > 1 || (q > 0 && quantiles[q] < quantiles[q - 1])) {
                throw new IllegalArgumentException("quantiles must be ascending in [0, 1], but were "
                        + Arrays.toString(quantiles));
            }
        }
        double total = zeros + 0.0 + positive; // as the sketch adds its zeros, negative and positive stores
        if (total == 0) {
            throw new java.util.NoSuchElementException();
        }
        // the lowest bin kept: the collapse's, or the lowest that holds a count
        int floor = lowest > highest ? lowest : Math.max(lowest, highest - LatencySketches.MAX_BINS + 1);
        double[] values = new double[quantiles.length];
        int bin = highest;               // the bin being looked at, or floor - 1 for the zeros
        double above = 0;                // the counts of the bins above it
        int answer = Integer.MIN_VALUE;  // the lowest bin seen whose count at or below exceeds the rank
        for (int q = quantiles.length - 1; q >= 0; q--) {
            double rank = quantiles[q] * (total - 1);
            // Empty bins are walked as the others, without a branch to skip them: adding 0 leaves the
            // count above unchanged, so the test gives the same answer as at the bin before, and the
            // last bin taken is never an empty one (the lowest bin holds a count, and the bin below an
            // empty bin that passed passes too). Skipping them bin by bin was a fifth of a tick. The
            // floor bin holds what is left of the positive counts (exact: whole numbers).
            while (bin >= floor && total - above > rank) {
                int at = bin - offset;
                // at the top of a group above the floor: if the rank is still below once the whole
                // group is passed, every bin of it passes, and the walk lands on its lowest bin
                if ((at & (GROUP - 1)) == GROUP - 1 && bin - (GROUP - 1) > floor
                        && total - (above + groups[at >> GROUP_SHIFT]) > rank) {
                    above += groups[at >> GROUP_SHIFT];
                    bin -= GROUP;
                    answer = bin + 1;
                    continue;
                }
                answer = bin;
                above += bin == floor ? positive - above : counts[at];
                bin--;
            }
            // below: the bin has too few at or below it, or only the zeros are left
            boolean inZeros = bin < floor && 0.0 + zeros > rank;
            if (!inZeros && answer == Integer.MIN_VALUE) {
                throw new java.util.NoSuchElementException();
            }
            values[q] = inZeros ? 0 : LatencySketches.value(answer);
        }
        return values;
    }

    /** Makes the array hold the bins [from, to] besides those it holds already. */
    private void room(int from, int to) {
        int newLowest = Math.min(lowest, from);
        int newHighest = Math.max(highest, to);
        if (lowest > highest) {
            // empty: place the bins in the middle of the array, so that later parts can reach either way
            int width = to - from + 1;
            if (width > counts.length) {
                counts = new double[grownLength(width)];
                groups = new double[groupsFor(counts.length)]; // empty: all counts are 0
            }
            offset = from - (counts.length - width) / 2;
        } else if (newLowest < offset || newHighest - offset >= counts.length) {
            int width = newHighest - newLowest + 1;
            double[] grown = new double[grownLength(width)];
            int newOffset = newLowest - (grown.length - width) / 2;
            System.arraycopy(counts, lowest - offset, grown, lowest - newOffset, highest - lowest + 1);
            counts = grown;
            offset = newOffset;
            groups = new double[groupsFor(grown.length)];
            for (int at = lowest - newOffset; at <= highest - newOffset; at++) {
                groups[at >> GROUP_SHIFT] += grown[at];
            }
        }
        lowest = newLowest;
        highest = newHighest;
    }

    private static int groupsFor(int length) {
        return (length + GROUP - 1) >> GROUP_SHIFT;
    }

    private int grownLength(int width) {
        return compact ? width + width / 4 + 16 : Math.max(width * 2, counts.length * 2);
    }
}
