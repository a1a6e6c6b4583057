package io.microscaler.forecast;

import java.util.Locale;

/**
 * Whether a service's forecasts can be trusted now: each slot's forecast against what came, over
 * the last {@code window} slots. A forecast that keeps being wrong switches itself off, with the
 * figures that say why, and on again once it has been right for a whole window; the reactive
 * policies decide alone meanwhile.
 * <pre>
 *   error of a slot = |forecast − actual| ÷ max(actual, floor)
 *   trusted         = at least {@code minSlots} compared, and mean error <= maxError
 * </pre>
 * The floor (requests/s) keeps a quiet night's 0.2 against 0.1 requests/s from reading as 100 %
 * wrong: below it, errors are measured against the floor. Example, floor 1, max error 0.3: forecasts
 * of 110, 95 and 60 for actuals of 100, 100 and 100 err 10 %, 5 % and 40 %: mean 18 %, trusted.
 *
 * <p>Not thread-safe: one owner.
 */
public final class ForecastAccuracy {

    /** The verdict, and the figures behind it for the decision's message. */
    public record Verdict(boolean trusted, double meanError, int compared, String why) {
    }

    private final double[] errors;
    private final int minSlots;
    private final double maxError;
    private final double floor;
    private int next;
    private int count;
    private double sum;

    /**
     * @param window   slots remembered
     * @param minSlots slots compared before any forecast is trusted
     * @param maxError the mean relative error above which forecasts are not used (0.3: 30 %)
     * @param floor    requests/s below which an actual counts as this much
     */
    public ForecastAccuracy(int window, int minSlots, double maxError, double floor) {
        if (window < 1 || minSlots < 1 || minSlots > window) {
            throw new IllegalArgumentException("need 1 <= minSlots <= window, but were minSlots=" + minSlots
                    + " window=" + window);
        }
        if (!(maxError > 0) || !(floor > 0)) {
            throw new IllegalArgumentException("maxError and floor must be > 0, but were " + maxError + " and " + floor);
        }
        this.errors = new double[window];
        this.minSlots = minSlots;
        this.maxError = maxError;
        this.floor = floor;
    }

    /** One slot over: what was forecast for it, and what came. */
    public void compare(double forecast, double actual) {
        double error = Math.abs(forecast - actual) / Math.max(actual, floor);
        if (count == errors.length) {
            sum -= errors[next];
        } else {
            count++;
        }
        errors[next] = error;
        sum += error;
        next = (next + 1) % errors.length;
    }

    /** Forgets every comparison (before the history is judged again). */
    public void clear() {
        java.util.Arrays.fill(errors, 0);
        next = 0;
        count = 0;
        sum = 0;
    }

    /** Slots compared before any forecast is trusted. */
    public int minSlots() {
        return minSlots;
    }

    /** Slots remembered. */
    public int window() {
        return errors.length;
    }

    public Verdict verdict() {
        if (count < minSlots) {
            return new Verdict(false, Double.NaN, count, "forecast not trusted yet: " + count + " of " + minSlots
                    + " slots compared");
        }
        double mean = Math.max(0, sum / count); // sums of doubles drift: never below 0
        boolean trusted = mean <= maxError;
        String why = String.format(Locale.ROOT, "forecast %s: mean error %.0f %% over the last %d slots %s %.0f %%",
                trusted ? "trusted" : "switched off", mean * 100, count, trusted ? "<=" : ">", maxError * 100);
        return new Verdict(trusted, mean, count, why);
    }
}
