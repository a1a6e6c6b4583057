package io.microscaler.window;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.store.Store;
import java.util.Arrays;

/**
 * The latencies of a second (or of a block of seconds), as the bins of {@link LatencySketches}' mapping that are not empty: a
 * sorted array of bin indexes and their counts, and the count of zeros. The same content as a
 * {@link DDSketch} of that mapping, in less memory: a second holds a few dozen distinct bins (a
 * summary only two), where the sketch's dense store keeps an array over the whole range between its
 * lowest and highest bin, plus a sketch and two stores around it. With 10,000 services × 67
 * seconds, that was most of the heap (issue 20).
 *
 * <p>Merged into a sketch with {@link #mergeInto}, it gives the same bins, bit for bit, as merging
 * the sketch of the same values: counts are whole numbers, and collapsing the lowest bins ends in
 * the same bins whichever way they come in. Like the sketch's store it keeps at most
 * {@link LatencySketches#MAX_BINS} bins a second, collapsing the lowest into one, so a second's
 * memory stays bounded whatever its latencies. A block's bins take its seconds' with {@link #addAll}.
 * Not thread-safe; reused after {@link #clear}.
 */
final class LatencyBins {

    private static final int INITIAL_BINS = 4;

    private int[] index = new int[INITIAL_BINS];
    private double[] count = new double[INITIAL_BINS];
    private int bins;
    private double zeros;
    private double positive; // the counts of the bins (zeros apart): whole numbers, so exact in any order
    private boolean collapsed; // bins below the lowest held fall into it, as the sketch's store does

    /** As {@link DDSketch#accept(double, double)}. */
    void accept(double value, double n) {
        if (value < 0 || value > LatencySketches.MAPPING.maxIndexableValue() || !(n >= 0)) {
            throw new IllegalArgumentException("a latency must be in [0, "
                    + LatencySketches.MAPPING.maxIndexableValue() + "] with a count >= 0, but was " + value + " × " + n);
        }
        if (n == 0) {
            return; // never asked for: a summary adds its mean only for 2 requests or more
        }
        if (value > LatencySketches.MAPPING.minIndexableValue()) {
            add(LatencySketches.MAPPING.index(value), n);
        } else {
            zeros += n;
        }
    }

    void accept(double value) {
        accept(value, 1);
    }

    /**
     * As {@link #accept(double)} of a whole number of milliseconds, the form requests come in: the bin
     * of the common ones from {@link LatencySketches#indexOfMillis}, computed once, not per request.
     */
    void acceptMillis(long latencyMs) {
        if (latencyMs > 0 && latencyMs < LatencySketches.CACHED_MILLIS) {
            add(LatencySketches.indexOfMillis((int) latencyMs), 1);
        } else {
            accept(latencyMs, 1);
        }
    }

    boolean isEmpty() {
        return bins == 0 && zeros == 0;
    }

    // read by LatencyTally, which adds them up without copying: the arrays hold binCount() entries
    double zeros() {
        return zeros;
    }

    /** The counts of all bins, zeros apart: a tally adds it whole instead of summing bin by bin. */
    double positiveCount() {
        return positive;
    }

    /**
     * Whether the lowest bins were lumped into one: later latencies below it go into it too, so the
     * bins are no longer the plain sum of the latencies recorded.
     */
    boolean collapsed() {
        return collapsed;
    }

    int binCount() {
        return bins;
    }

    int[] indexes() {
        return index;
    }

    double[] counts() {
        return count;
    }

    /**
     * Empty, for the next second that takes this slot. The arrays are kept when the second leaving
     * used at least an eighth of them (a service's load rises and falls by more than twice within
     * the day): a service busy second after second would otherwise grow them
     * again bin by bin, and arrays that then live the ring's whole minute are what a young collection
     * copies (at 10,000 services they were most of its survivors, and of its pause). A burst's
     * arrays are given back when its slot next comes round holding a second that did not need them.
     */
    void clear() {
        if (index.length > 256 && bins < index.length / 8) {
            int room = Math.max(INITIAL_BINS, Integer.highestOneBit(Math.max(1, bins)) * 4);
            index = new int[room];
            count = new double[room];
        }
        clearKeepingRoom();
    }

    /** How many bins the arrays hold before they grow: what {@link #clear} keeps or gives back. */
    int room() {
        return index.length;
    }

    /** Empty, with the arrays kept as they are: for a scratch that is filled again at once. */
    void clearKeepingRoom() {
        bins = 0;
        zeros = 0;
        positive = 0;
        collapsed = false;
    }

    /** Adds these latencies to {@code sketch} (of {@link LatencySketches}' mapping): how tests compare the two. */
    void mergeInto(DDSketch sketch) {
        Store store = sketch.getPositiveValueStore();
        if (bins > 0) {
            // the highest and the lowest first: the store's range grows at most twice, not bin by bin
            store.add(index[bins - 1], count[bins - 1]);
            if (bins > 1) {
                store.add(index[0], count[0]);
            }
            for (int i = 1; i < bins - 1; i++) {
                store.add(index[i], count[i]);
            }
        }
        if (zeros > 0) {
            sketch.accept(0.0, zeros);
        }
    }

    /** Adds {@code other}'s latencies: a block's bins take a second's. */
    void addAll(LatencyBins other) {
        zeros += other.zeros;
        if (other.bins == 0) {
            return;
        }
        positive += other.positive;
        // the merge below writes from the end of the arrays and needs room for the union of the bins
        // only (see unionSize); growing to both lists' sum made a block's arrays pass 256 and be dropped
        // by clear() every 10 s, then grown again bin by bin (6 % of a tick at 10,000 services)
        if (index.length < bins + other.bins) {
            int union = unionSize(other);
            if (index.length < union) {
                index = Arrays.copyOf(index, Math.max(union, index.length * 2));
                count = Arrays.copyOf(count, index.length);
            }
        }
        // merge the two sorted lists from their highest bins down, writing from the end of the arrays
        int i = bins - 1;
        int j = other.bins - 1;
        int w = index.length - 1;
        while (i >= 0 || j >= 0) {
            int bin;
            double n;
            if (j < 0 || (i >= 0 && index[i] > other.index[j])) {
                bin = index[i];
                n = count[i--];
            } else if (i < 0 || other.index[j] > index[i]) {
                bin = other.index[j];
                n = other.count[j--];
            } else {
                bin = index[i];
                n = count[i--] + other.count[j--];
            }
            index[w] = bin;
            count[w] = n;
            w--;
        }
        bins = index.length - 1 - w;
        System.arraycopy(index, w + 1, index, 0, bins);
        System.arraycopy(count, w + 1, count, 0, bins);
        collapseIfWide();
    }

    /**
     * How many distinct bins this and {@code other} hold together. Room for that many is enough for
     * {@link #addAll}'s merge from the end: each step writes one place below the last, and the write
     * position stays above the next unread bin of this list as long as the arrays hold the union.
     */
    private int unionSize(LatencyBins other) {
        int i = 0;
        int j = 0;
        int union = 0;
        while (i < bins && j < other.bins) {
            int a = index[i];
            int b = other.index[j];
            if (a <= b) {
                i++;
            }
            if (b <= a) {
                j++;
            }
            union++;
        }
        return union + (bins - i) + (other.bins - j);
    }

    /**
     * The values at {@code quantiles} (ascending in [0, 1]), the same, bit for bit, as
     * {@link DDSketch#getValuesAtQuantiles} of a sketch holding these bins, in one pass instead of
     * one per quantile (and without its streams and iterators): rank {@code q × (count − 1)}, then
     * the first bin whose running count exceeds it, zeros first. Not for empty bins.
     */
    double[] valuesAtQuantiles(double[] quantiles) {
        double positive = 0;
        for (int i = 0; i < bins; i++) {
            positive += count[i];
        }
        double total = zeros + 0.0 + positive; // as the sketch adds its zeros, negative and positive stores
        if (total == 0) {
            throw new java.util.NoSuchElementException();
        }
        double[] values = new double[quantiles.length];
        double seen = 0.0 + zeros;
        int bin = -1;
        for (int q = 0; q < quantiles.length; q++) {
            if (quantiles[q] < 0 || quantiles[q] > 1 || (q > 0 && quantiles[q] < quantiles[q - 1])) {
                throw new IllegalArgumentException("quantiles must be ascending in [0, 1], but were "
                        + Arrays.toString(quantiles));
            }
            double rank = quantiles[q] * (total - 1);
            while (!(seen > rank)) {
                if (++bin == bins) {
                    throw new java.util.NoSuchElementException();
                }
                seen += count[bin];
            }
            values[q] = bin < 0 ? 0 : LatencySketches.value(index[bin]);
        }
        return values;
    }

    /** {@code n} latencies of bin {@code bin} (positive values): what {@link #accept} does once it has the bin. */
    void add(int bin, double n) {
        positive += n;
        if (collapsed && bin < index[0]) {
            bin = index[0];
        }
        int at = positionOf(bin);
        if (at >= 0) {
            count[at] += n;
            return;
        }
        at = -at - 1;
        if (bins == index.length) {
            index = Arrays.copyOf(index, bins * 2);
            count = Arrays.copyOf(count, bins * 2);
        }
        System.arraycopy(index, at, index, at + 1, bins - at);
        System.arraycopy(count, at, count, at + 1, bins - at);
        index[at] = bin;
        count[at] = n;
        bins++;
        collapseIfWide();
    }

    /**
     * Where {@code bin} is, as {@link Arrays#binarySearch} answers (−(insertion point) − 1 if absent),
     * searching only where it can be: the indexes are distinct and ascending, so bin {@code b} lies at
     * most {@code b − index[0]} places from the start and at least {@code index[last] − b} places
     * before the end. A second's bins are mostly consecutive around its typical latency, so that
     * leaves a few places where a search of them all took eight steps for each request (the binary
     * search was about 6 % of the ingest thread's time, issue 20).
     */
    private int positionOf(int bin) {
        if (bins == 0 || bin < index[0]) {
            return -1;
        }
        int last = bins - 1;
        if (bin > index[last]) {
            return -bins - 1;
        }
        int from = Math.max(0, last - (index[last] - bin));
        int to = Math.min(last, bin - index[0]);
        return Arrays.binarySearch(index, from, to + 1, bin);
    }

    /** At most MAX_BINS indexes from the lowest to the highest: the lowest fall into highest − MAX_BINS + 1. */
    private void collapseIfWide() {
        int lowestKept = index[bins - 1] - LatencySketches.MAX_BINS + 1;
        if (index[0] >= lowestKept) {
            return;
        }
        int below = 0;
        double lumped = 0;
        while (below < bins && index[below] < lowestKept) {
            lumped += count[below++];
        }
        boolean held = below < bins && index[below] == lowestKept;
        int keepFrom = held ? below : below - 1;
        // the lowest kept bin takes all that was below it
        index[keepFrom] = lowestKept;
        count[keepFrom] = held ? count[below] + lumped : lumped;
        System.arraycopy(index, keepFrom, index, 0, bins - keepFrom);
        System.arraycopy(count, keepFrom, count, 0, bins - keepFrom);
        bins -= keepFrom;
        collapsed = true;
    }
}
