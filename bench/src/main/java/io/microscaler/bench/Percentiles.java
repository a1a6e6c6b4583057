package io.microscaler.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a sample, for the results blocks. */
final class Percentiles {

    private final double[] sorted;

    Percentiles(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        this.sorted = values.clone();
        Arrays.sort(sorted);
    }

    /** Nearest rank: the smallest value with at least {@code p}% of the sample at or below it. */
    double at(double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    double min() {
        return sorted[0];
    }

    double max() {
        return sorted[sorted.length - 1];
    }

    double mean() {
        return Arrays.stream(sorted).average().orElse(Double.NaN);
    }

    int count() {
        return sorted.length;
    }
}
