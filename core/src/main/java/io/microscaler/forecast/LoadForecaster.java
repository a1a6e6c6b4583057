package io.microscaler.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import java.util.function.Supplier;

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
 *
 * <p>Two forecasts are made and judged side by side: from the same minute on the past days
 * (daily) and from the same minute a week ago (weekly, once a week is kept). The weekly one is
 * used once it has been judged on enough slots and erred less than the daily one over them: on a
 * weekend the daily median (mostly weekdays) is far off and the weekly one is not, and on a
 * weekday the daily one, from more days, is the steadier. Until a week is kept, only the daily one
 * exists, so nothing changes for a service with less history.
 */
public final class LoadForecaster {

    private static final long NONE = Long.MIN_VALUE;

    /** The forecast for one instant, and whether the forecasts have been right lately. */
    public record Forecast(Instant at, double rate, ForecastAccuracy.Verdict verdict) {
    }

    /** One basis's forecasts: the first made for each slot still to come, and how right they have been. */
    private static final class Judged {
        final SeasonalProfile.Basis basis;
        final ForecastAccuracy accuracy;
        // the first forecast made for each slot still to come, by slot modulo their count
        final long[] slots;
        final double[] rates;

        Judged(SeasonalProfile.Basis basis, ForecastAccuracy accuracy, int pending) {
            this.basis = basis;
            this.accuracy = accuracy;
            this.slots = new long[pending];
            this.rates = new double[pending];
            Arrays.fill(slots, NONE);
        }

        /** The forecast for {@code target}, kept if it is the first for a slot still to come (the one it is judged by). */
        void made(long target, double rate, long current) {
            int i = index(target);
            if (slots[i] != target && (current == NONE || target > current)) {
                slots[i] = target;
                rates[i] = rate;
            }
        }

        void closed(long slot, double actual) {
            int i = index(slot);
            if (slots[i] == slot) {
                accuracy.compare(rates[i], actual);
                slots[i] = NONE;
            }
        }

        private int index(long s) {
            return (int) Math.floorMod(s, (long) slots.length);
        }
    }

    private final SeasonalProfile profile;
    private final Map<SeasonalProfile.Basis, Judged> judged = new EnumMap<>(SeasonalProfile.Basis.class);
    private final Duration horizon;
    private final long slotSeconds;
    private long slot = NONE;
    private long[] perSecond;
    private int seconds;
    private long lastSecond = NONE;
    private Consumer<ClosedSlot> closedSlots = slot -> { };

    /** @param accuracy a new judge for each basis's forecasts */
    public LoadForecaster(SeasonalProfile profile, Supplier<ForecastAccuracy> accuracy, Duration horizon) {
        if (horizon.isNegative()) {
            throw new IllegalArgumentException("horizon must be >= 0, but was " + horizon);
        }
        this.profile = profile;
        this.horizon = horizon;
        this.slotSeconds = profile.slotLength().toSeconds();
        this.perSecond = new long[Math.toIntExact(slotSeconds)];
        int pending = Math.toIntExact(horizon.toSeconds() / slotSeconds + 2);
        for (SeasonalProfile.Basis basis : SeasonalProfile.Basis.values()) {
            judged.put(basis, new Judged(basis, accuracy.get(), pending));
        }
    }

    /**
     * The defaults: 1-minute slots, 7 days kept, a time of day forecast once seen on 2 days, the
     * level over the last 30 minutes; trusted after 30 slots within a mean error of 30 %, measured
     * over the last 60, against a floor of 1 request/s.
     */
    public static LoadForecaster withDefaults(Duration horizon) {
        return new LoadForecaster(new SeasonalProfile(Duration.ofMinutes(1), 7, 2, Duration.ofMinutes(30)),
                () -> new ForecastAccuracy(60, 30, 0.3, 1), horizon);
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
        long[] sorted = Arrays.copyOf(perSecond, perSecond.length);
        Arrays.fill(sorted, seconds, sorted.length, 0);
        Arrays.sort(sorted);
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
     * length, not on a slot boundary, or not over yet at {@code now} are skipped.
     *
     * @return the slots taken
     */
    public int restore(Collection<ClosedSlot> slots, Instant now) {
        int taken = 0;
        long current = profile.slot(now);
        for (ClosedSlot closed : slots) {
            // a slot not over yet by this owner's clock (a writer's clock ahead, or a forged record) is not
            // history: kept, it would take the cell of a past day's slot and hide it from the median
            if (closed.seconds() == slotSeconds && Math.floorMod(closed.start(), slotSeconds) == 0
                    && closed.start() / slotSeconds < current
                    && profile.restore(closed.start() / slotSeconds, closed.rate())) {
                taken++;
            }
        }
        if (taken > 0) {
            judged.values().forEach(j -> judgeAgain(j, profile.slot(now)));
        }
        return taken;
    }

    /** A basis's comparisons redone: the newest slots before {@code current} with a forecast, oldest first. */
    private void judgeAgain(Judged j, long current) {
        int window = j.accuracy.window();
        double[][] pairs = new double[window][];
        int found = 0;
        for (long s = current - 1; s >= current - 2L * window && found < window; s--) {
            OptionalDouble actual = profile.rate(s);
            Instant start = profile.start(s);
            OptionalDouble forecast = actual.isPresent()
                    ? profile.forecast(start, start.minus(horizon), j.basis) : OptionalDouble.empty();
            if (forecast.isPresent()) {
                pairs[found++] = new double[] {forecast.getAsDouble(), actual.getAsDouble()};
            }
        }
        j.accuracy.clear();
        for (int i = found - 1; i >= 0; i--) {
            j.accuracy.compare(pairs[i][0], pairs[i][1]);
        }
    }

    private void close(long closed, double rate) {
        profile.record(closed, rate);
        closedSlots.accept(new ClosedSlot(closed * slotSeconds, (int) slotSeconds, rate));
        judged.values().forEach(j -> j.closed(closed, rate));
    }

    /** The busy rate forecast for {@code now + horizon}, if that time of day has been seen on enough days. */
    public Optional<Forecast> forecast(Instant now) {
        Instant at = now.plus(horizon);
        long target = profile.slot(at);
        Judged daily = judged.get(SeasonalProfile.Basis.DAILY);
        Judged weekly = judged.get(SeasonalProfile.Basis.WEEKLY);
        OptionalDouble dailyRate = profile.forecast(at, now, daily.basis);
        OptionalDouble weeklyRate = profile.forecast(at, now, weekly.basis);
        dailyRate.ifPresent(r -> daily.made(target, r, slot));
        weeklyRate.ifPresent(r -> weekly.made(target, r, slot));
        if (weeklyRate.isPresent() && (dailyRate.isEmpty() || weeklyWins(daily.accuracy.verdict(), weekly.accuracy))) {
            ForecastAccuracy.Verdict v = weekly.accuracy.verdict();
            return Optional.of(new Forecast(at, weeklyRate.getAsDouble(), new ForecastAccuracy.Verdict(v.trusted(),
                    v.meanError(), v.compared(), v.why() + ", from the same minute a week ago")));
        }
        if (dailyRate.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Forecast(at, dailyRate.getAsDouble(), daily.accuracy.verdict()));
    }

    /** The weekly forecast is used once judged on enough slots, where it erred less than the daily one. */
    private static boolean weeklyWins(ForecastAccuracy.Verdict daily, ForecastAccuracy weekly) {
        ForecastAccuracy.Verdict w = weekly.verdict();
        if (w.compared() < weekly.minSlots()) {
            return false;
        }
        return Double.isNaN(daily.meanError()) || w.meanError() < daily.meanError();
    }

    public Duration horizon() {
        return horizon;
    }
}
