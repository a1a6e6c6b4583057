package io.microscaler.window;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.mapping.CubicallyInterpolatedMapping;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.store.CollapsingLowestDenseStore;
import com.datadoghq.sketch.ddsketch.store.Store;

/**
 * The one kind of latency sketch the windows use, so that any two of them can be merged (DDSketch
 * merges only sketches with equal index mappings).
 *
 * <p>Relative accuracy 1 %: a reported p95 of 200 ms means the true p95 lies within 198–202 ms.
 * Bins grow by a factor of about 1.02, so 1,024 bins span 1 ms to about 10^8 ms (a day); a bucket
 * never holds more than that, which keeps a service's memory bounded whatever its latencies. If a
 * bucket ever saw a wider spread, the lowest bins collapse: low quantiles lose accuracy, the
 * p95/p99 the policies read do not.
 */
final class LatencySketches {

    static final double RELATIVE_ACCURACY = 0.01;
    static final int MAX_BINS = 1024;

    static final IndexMapping MAPPING = new CubicallyInterpolatedMapping(RELATIVE_ACCURACY);

    private LatencySketches() {
    }

    static DDSketch newSketch() {
        return new DDSketch(MAPPING, () -> new CollapsingLowestDenseStore(MAX_BINS));
    }

    /**
     * The values at {@code quantiles} (ascending), the same, bit for bit, as
     * {@link DDSketch#getValuesAtQuantiles}, in one pass over the bins instead of one per quantile
     * (and without its streams): rank {@code q × (count − 1)}, then the first bin whose running
     * count exceeds it, zeros first. Latencies are never negative; a sketch that holds negative
     * values anyway is read by the library.
     */
    static double[] valuesAtQuantiles(DDSketch sketch, double[] quantiles) {
        if (!sketch.getNegativeValueStore().isEmpty()) {
            return sketch.getValuesAtQuantiles(quantiles);
        }
        Store positive = sketch.getPositiveValueStore();
        double count = sketch.getCount();
        if (count == 0) {
            throw new java.util.NoSuchElementException();
        }
        // whole counts below 2^53: the zero count comes back exactly from the total
        double zeros = count - positive.getTotalCount();
        QuantileWalk walk = new QuantileWalk(quantiles, count, zeros);
        positive.forEach(walk::bin);
        if (walk.next < quantiles.length) {
            throw new java.util.NoSuchElementException();
        }
        return walk.values;
    }

    /** The running count over the bins in ascending order, and the quantiles it has passed. */
    private static final class QuantileWalk {
        private final double[] ranks;
        final double[] values;
        int next;
        private double seen;

        QuantileWalk(double[] quantiles, double count, double zeros) {
            ranks = new double[quantiles.length];
            values = new double[quantiles.length];
            for (int i = 0; i < quantiles.length; i++) {
                if (quantiles[i] < 0 || quantiles[i] > 1 || (i > 0 && quantiles[i] < quantiles[i - 1])) {
                    throw new IllegalArgumentException("quantiles must be ascending in [0, 1], but were "
                            + java.util.Arrays.toString(quantiles));
                }
                ranks[i] = quantiles[i] * (count - 1);
            }
            seen = 0.0 + zeros;
            while (next < ranks.length && seen > ranks[next]) {
                values[next++] = 0;
            }
        }

        void bin(int index, double binCount) {
            if (next == ranks.length) {
                return;
            }
            seen += binCount;
            while (next < ranks.length && seen > ranks[next]) {
                values[next++] = MAPPING.value(index);
            }
        }
    }
}
