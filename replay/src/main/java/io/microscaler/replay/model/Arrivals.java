package io.microscaler.replay.model;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Where within its second each of a second's requests arrives. */
public interface Arrivals {

    /** Fills {@code into[0..n)} with the arrival instants of second {@code second}, in increasing order. */
    void fill(long second, int n, double[] into);

    /** Uniformly at random within the second (Poisson arrivals, given the count), seeded. */
    static Arrivals uniform(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return (second, n, into) -> {
            for (int i = 0; i < n; i++) {
                into[i] = second + random.nextDouble();
            }
            Arrays.sort(into, 0, n);
        };
    }

    /** At second + i / n: evenly spaced, so that tests can compute every latency by hand. */
    static Arrivals evenlySpaced() {
        return (second, n, into) -> {
            for (int i = 0; i < n; i++) {
                into[i] = second + (double) i / n;
            }
        };
    }
}
