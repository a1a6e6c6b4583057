package io.microscaler.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * One service's forecaster: fed the requests of each whole second as the window closes it, it keeps
 * the {@link SeasonalProfile} of per-slot rates, compares each slot's forecast with what came
 * ({@link ForecastAccuracy}), and forecasts the rate one {@code horizon} ahead: the time a task
 * takes from being asked for to serving, so that one asked for now serves the load it was asked for.
 *
 * <p>A slot's rate is its <em>busy</em> rate, the 90th-percentile second of the slot, not its mean:
 * what breaks an SLO is a minute's busy seconds, and a minute's mean is far below them on bursty
 * traffic. Sized to the mean, the forecast asked for less than the reactive policies already had on
 * the NASA week and changed nothing (2,480 → 2,477 violation seconds); sized to the busy seconds it
 * starts tasks before the busy minutes of the day come (2,480 → 1,755 at +4.4 % task-seconds,
 * BENCHMARKS.md). The 90th percentile was chosen once, not tuned: six seconds a minute above it are
 * left to the queue and the reactive policies.
 *
 * <p>A slot's forecast is judged by the one made a horizon before the slot began (the first asked
 * for it), which is the one that started tasks for it. A second without requests counts as 0: the
 * window feeds every second it has closed, quiet ones too. Not thread-safe: the window's owner.
 */
public final class LoadForecaster {

    private static final long NONE = Long.MIN_VALUE;

    /** The forecast for one instant, and whether the forecasts have been right lately. */
    public record Forecast(Instant at, double rate, ForecastAccuracy.Verdict verdict) {
    }

    private final SeasonalProfile profile;
    private final ForecastAccuracy accuracy;
    private final Duration horizon;
    private final long slotSeconds;
    private long slot = NONE;
    private long[] perSecond;
    private int seconds;
    private long lastSecond = NONE;
    // the first forecast made for each slot still to come, by slot modulo their count
    private final long[] forecastSlots;
    private final double[] forecastRates;
    private Consumer<ClosedSlot> closedSlots = slot -> { };

    public LoadForecaster(SeasonalProfile profile, ForecastAccuracy accuracy, Duration horizon) {
        if (horizon.isNegative()) {
            throw new IllegalArgumentException("horizon must be >= 0, but was " + horizon);
        }
        this.profile = profile;
        this.accuracy = accuracy;
        this.horizon = horizon;
        this.slotSeconds = profile.slotLength().toSeconds();
        this.perSecond = new long[Math.toIntExact(slotSeconds)];
        int pending = Math.toIntExact(horizon.toSeconds() / slotSeconds + 2);
        this.forecastSlots = new long[pending];
        this.forecastRates = new double[pending];
        java.util.Arrays.fill(forecastSlots, NONE);
    }

    /**
     * The defaults: 1-minute slots, 7 days kept, a time of day forecast once seen on 2 days, the
     * level over the last 30 minutes; trusted after 30 slots within a mean error of 30 %, measured
     * over the last 60, against a floor of 1 request/s.
     */
    public static LoadForecaster withDefaults(Duration horizon) {
        return new LoadForecaster(new SeasonalProfile(Duration.ofMinutes(1), 7, 2, Duration.ofMinutes(30)),
                new ForecastAccuracy(60, 30, 0.3, 1), horizon);
    }

    /** A whole second is over with this many requests; seconds come in order, each once (an earlier one is ignored). */
    public void second(long second, long count) {
        if (lastSecond != NONE && second <= lastSecond) {
            return;
        }
        lastSecond = second;
        long s = Math.floorDiv(second, slotSeconds);
        if (slot != NONE && s != slot) {
            close(slot, busiest());
            seconds = 0;
        }
        slot = s;
        if (seconds < perSecond.length) {
            perSecond[seconds++] = count;
        }
    }

    /** The slot's busy rate: its 90th-percentile second (quiet seconds not seen count as 0). */
    private double busiest() {
        long[] sorted = java.util.Arrays.copyOf(perSecond, perSecond.length);
        java.util.Arrays.fill(sorted, seconds, sorted.length, 0);
        java.util.Arrays.sort(sorted);
        return sorted[(int) Math.floor(0.9 * (sorted.length - 1))];
    }

    /** Told each slot as it closes, in order: e.g. to keep the history where another owner can read it. */
    public void onClosed(Consumer<ClosedSlot> listener) {
        this.closedSlots = java.util.Objects.requireNonNull(listener, "listener");
    }

    /**
     * Takes the slots another owner closed (a restart, a hand-over), where this one holds nothing as
     * new, then judges the forecasts again over the accuracy's window as they were made then: a
     * horizon before each slot, from the slots before it. So a new owner forecasts, and trusts its
     * forecast or not, as the old one did, instead of after a window of slots. Slots of another
     * length or not on a slot boundary are skipped.
     *
     * @return the slots taken
     */
    public int restore(Collection<ClosedSlot> slots, Instant now) {
        int taken = 0;
        for (ClosedSlot closed : slots) {
            if (closed.seconds() == slotSeconds && Math.floorMod(closed.start(), slotSeconds) == 0
                    && profile.restore(closed.start() / slotSeconds, closed.rate())) {
                taken++;
            }
        }
        if (taken > 0) {
            judgeAgain(profile.slot(now));
        }
        return taken;
    }

    /** The accuracy's comparisons redone: the newest slots before {@code current} with a forecast, oldest first. */
    private void judgeAgain(long current) {
        int window = accuracy.window();
        double[][] pairs = new double[window][];
        int found = 0;
        for (long s = current - 1; s >= current - 2L * window && found < window; s--) {
            OptionalDouble actual = profile.rate(s);
            Instant start = profile.start(s);
            OptionalDouble forecast = actual.isPresent() ? profile.forecast(start, start.minus(horizon)) : OptionalDouble.empty();
            if (forecast.isPresent()) {
                pairs[found++] = new double[] {forecast.getAsDouble(), actual.getAsDouble()};
            }
        }
        accuracy.clear();
        for (int i = found - 1; i >= 0; i--) {
            accuracy.compare(pairs[i][0], pairs[i][1]);
        }
    }

    private void close(long closed, double rate) {
        profile.record(closed, rate);
        closedSlots.accept(new ClosedSlot(closed * slotSeconds, (int) slotSeconds, rate));
        int i = index(closed);
        if (forecastSlots[i] == closed) {
            accuracy.compare(forecastRates[i], rate);
            forecastSlots[i] = NONE;
        }
    }

    /** The busy rate forecast for {@code now + horizon}, if that time of day has been seen on enough days. */
    public Optional<Forecast> forecast(Instant now) {
        Instant at = now.plus(horizon);
        OptionalDouble rate = profile.forecast(at, now);
        if (rate.isEmpty()) {
            return Optional.empty();
        }
        long target = profile.slot(at);
        int i = index(target);
        if (forecastSlots[i] != target && (slot == NONE || target > slot)) {
            forecastSlots[i] = target; // the first forecast made for a slot still to come: the one it is judged by
            forecastRates[i] = rate.getAsDouble();
        }
        return Optional.of(new Forecast(at, rate.getAsDouble(), accuracy.verdict()));
    }

    private int index(long s) {
        return (int) Math.floorMod(s, (long) forecastSlots.length);
    }

    public Duration horizon() {
        return horizon;
    }
}
