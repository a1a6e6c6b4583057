package io.microscaler.window;

import java.util.Arrays;

/**
 * The latencies of one reading, merged from its seconds' and blocks' {@link LatencyBins} into a
 * dense array of counts by bin index: adding a part costs one addition per bin of the part, where
 * merging two sorted lists of bins cost a pass over both and a copy, for each of the ~20 parts a
 * tick reads per service (a third of a tick's time at 10,000 services, issue 20).
 *
 * <p>The figures are those of {@link LatencyBins} merged one by one, bit for bit: counts are whole
 * numbers below 2^53, so their sums are exact in any order; collapsing the lowest bins ends in the
 * same bins whatever the order, so it is done once, at the end: everything below the highest bin
 * − {@link LatencySketches#MAX_BINS} + 1 falls into that bin, as {@link LatencyBins} and the
 * sketch's store do. Quantiles walk the bins in index order, zeros first, as
 * {@link LatencyBins#valuesAtQuantiles} does. One per thread, reused: not thread-safe.
 */
final class LatencyTally {

    private double[] counts = new double[512];
    private int offset;                    // the bin index of counts[0]
    private int lowest = Integer.MAX_VALUE; // the lowest and highest bin index that holds a count
    private int highest = Integer.MIN_VALUE;
    private double zeros;
    private double positive; // the counts of all bins: whole numbers, so exact in any order
    private boolean any;

    /** Empty again; only the bins that were used are cleared. */
    void clear() {
        if (lowest <= highest) {
            Arrays.fill(counts, lowest - offset, highest - offset + 1, 0.0);
        }
        lowest = Integer.MAX_VALUE;
        highest = Integer.MIN_VALUE;
        zeros = 0;
        positive = 0;
        any = false;
    }

    boolean isEmpty() {
        return !any;
    }

    /** Adds a second's or a block's latencies. */
    void addAll(LatencyBins part) {
        if (part.isEmpty()) {
            return;
        }
        any = true;
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
            counts[index[i] - shift] += count[i];
        }
    }

    /**
     * The values at {@code quantiles} (ascending in [0, 1]), the same as
     * {@link LatencyBins#valuesAtQuantiles} of the same latencies merged as bins. Collapses the
     * lowest bins first if they span more than {@link LatencySketches#MAX_BINS}. Not for an empty tally.
     *
     * <p>The value at rank {@code q × (count − 1)} is the lowest bin whose count at or below it exceeds
     * the rank, zeros first, as the sketch has it. The walk goes from the highest bin down, where the
     * p95 and p99 a policy reads are a few bins away, instead of up through all of them: the count at
     * or below a bin is the total less the counts above it, the same number (whole counts are exact).
     */
    double[] valuesAtQuantiles(double[] quantiles) {
        for (int q = 0; q < quantiles.length; q++) {
            if (quantiles[q] < 0 || quantiles[q] > 1 || (q > 0 && quantiles[q] < quantiles[q - 1])) {
                throw new IllegalArgumentException("quantiles must be ascending in [0, 1], but were "
                        + Arrays.toString(quantiles));
            }
        }
        collapseIfWide();
        double total = zeros + 0.0 + positive; // as the sketch adds its zeros, negative and positive stores
        if (total == 0) {
            throw new java.util.NoSuchElementException();
        }
        double[] values = new double[quantiles.length];
        int bin = highest;               // the bin being looked at, or lowest - 1 for the zeros
        double above = 0;                // the counts of the bins above it
        int answer = Integer.MIN_VALUE;  // the lowest bin seen whose count at or below exceeds the rank
        for (int q = quantiles.length - 1; q >= 0; q--) {
            double rank = quantiles[q] * (total - 1);
            // Empty bins are walked as the others, without a branch to skip them: adding 0 leaves the
            // count above unchanged, so the test gives the same answer as at the bin before, and the
            // last bin taken is never an empty one (the lowest bin holds a count, and the bin below an
            // empty bin that passed passes too). Skipping them bin by bin was a fifth of a tick.
            while (bin >= lowest && total - above > rank) {
                answer = bin;
                above += counts[bin - offset];
                bin--;
            }
            // below: the bin has too few at or below it, or only the zeros are left
            boolean inZeros = bin < lowest && 0.0 + zeros > rank;
            if (!inZeros && answer == Integer.MIN_VALUE) {
                throw new java.util.NoSuchElementException();
            }
            values[q] = inZeros ? 0 : LatencySketches.value(answer);
        }
        return values;
    }

    /** At most MAX_BINS indexes from the lowest to the highest: the lowest fall into highest − MAX_BINS + 1. */
    private void collapseIfWide() {
        if (lowest > highest) {
            return;
        }
        int lowestKept = highest - LatencySketches.MAX_BINS + 1;
        if (lowest >= lowestKept) {
            return;
        }
        double lumped = 0;
        for (int b = lowest; b < lowestKept; b++) {
            lumped += counts[b - offset];
            counts[b - offset] = 0;
        }
        counts[lowestKept - offset] = counts[lowestKept - offset] + lumped;
        lowest = lowestKept;
    }

    /** Makes the array hold the bins [from, to] besides those it holds already. */
    private void room(int from, int to) {
        int newLowest = Math.min(lowest, from);
        int newHighest = Math.max(highest, to);
        if (lowest > highest) {
            // empty: place the bins in the middle of the array, so that later parts can reach either way
            int width = to - from + 1;
            if (width > counts.length) {
                counts = new double[Math.max(width * 2, counts.length * 2)];
            }
            offset = from - (counts.length - width) / 2;
        } else if (newLowest < offset || newHighest - offset >= counts.length) {
            int width = newHighest - newLowest + 1;
            double[] grown = new double[Math.max(width * 2, counts.length * 2)];
            int newOffset = newLowest - (grown.length - width) / 2;
            System.arraycopy(counts, lowest - offset, grown, lowest - newOffset, highest - lowest + 1);
            counts = grown;
            offset = newOffset;
        }
        lowest = newLowest;
        highest = newHighest;
    }
}
