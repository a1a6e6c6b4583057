package io.microscaler.window;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.mapping.CubicallyInterpolatedMapping;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.store.CollapsingLowestDenseStore;

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

    // the value of each bin from 0.001 ms to 10^10 ms, computed once: reading a quantile asks for it
    // every time, and the mapping's inverse is a cubic root (the same value: the same function, once)
    private static final int FIRST_CACHED = MAPPING.index(1e-3);
    private static final double[] VALUES = values(FIRST_CACHED, MAPPING.index(1e10));

    /** The value that stands for bin {@code index}: {@code MAPPING.value(index)}. */
    static double value(int index) {
        int i = index - FIRST_CACHED;
        return i >= 0 && i < VALUES.length ? VALUES[i] : MAPPING.value(index);
    }

    /** Whole milliseconds below this have their bin in a table (64 KB): 16 s, beyond nearly every request. */
    static final int CACHED_MILLIS = 16_384;
    private static final int[] MILLIS_INDEX = millisIndexes();

    /** {@code MAPPING.index(latencyMs)}, from the table, for 0 < latencyMs < {@link #CACHED_MILLIS}. */
    static int indexOfMillis(int latencyMs) {
        return MILLIS_INDEX[latencyMs];
    }

    private static int[] millisIndexes() {
        int[] indexes = new int[CACHED_MILLIS];
        for (int ms = 1; ms < CACHED_MILLIS; ms++) {
            indexes[ms] = MAPPING.index(ms); // the same function on the same value: the same bin
        }
        return indexes;
    }

    private static double[] values(int first, int last) {
        double[] values = new double[last - first + 1];
        for (int i = 0; i < values.length; i++) {
            values[i] = MAPPING.value(first + i);
        }
        return values;
    }
}
