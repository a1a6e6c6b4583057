package io.microscaler.demo;

import java.util.Random;

/**
 * How many requests arrive in one tick of the traffic generator, given the scenario's rate. Pure
 * and thread-confined; the caller passes the tick's real length, so a late timer (a busy event
 * loop) yields more arrivals, not fewer: the offered load keeps to the scenario.
 *
 * <ul>
 *   <li>{@link Mode#POISSON} (the demo's choice): a Poisson count with mean rate × tick, i.e.
 *       exponential inter-arrival times as from many independent users; this burstiness is the
 *       "M" in M/M/c, and what makes queues form below 100 % utilisation.</li>
 *   <li>{@link Mode#EVEN}: the expected count, carrying the fraction to the next tick, so that
 *       after t seconds exactly ⌊∫rate⌋ requests have arrived; for tests and smooth load.</li>
 * </ul>
 * Within a tick the arrivals are sent together; at a 10 ms tick that is finer than any window
 * the autoscaler looks at.
 */
public final class Arrivals {

    public enum Mode { EVEN, POISSON }

    private final Mode mode;
    private final Random random;
    private double owed;

    public Arrivals(Mode mode, Random random) {
        this.mode = java.util.Objects.requireNonNull(mode, "mode");
        this.random = java.util.Objects.requireNonNull(random, "random");
    }

    /**
     * @param ratePerSecond the scenario's rate now (≥ 0)
     * @param tickNanos     how long since the previous tick, nanoseconds (≥ 0)
     * @return requests that arrive in this tick
     */
    public int next(double ratePerSecond, long tickNanos) {
        if (!(ratePerSecond > 0) || tickNanos <= 0) {
            return 0;
        }
        double expected = ratePerSecond * tickNanos / 1e9;
        if (mode == Mode.EVEN) {
            owed += expected;
            int n = (int) Math.floor(owed);
            owed -= n;
            return n;
        }
        return poisson(expected);
    }

    /**
     * Knuth's method for small means (exact, O(mean)); above 30 a normal approximation, whose
     * error there is far below the noise of a demo and costs O(1).
     */
    private int poisson(double mean) {
        if (mean < 30) {
            double limit = Math.exp(-mean);
            double product = random.nextDouble();
            int n = 0;
            while (product > limit) {
                n++;
                product *= random.nextDouble();
            }
            return n;
        }
        long n = Math.round(mean + Math.sqrt(mean) * random.nextGaussian());
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, n));
    }
}
