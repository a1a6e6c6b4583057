package io.microscaler.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * A service's request rate by time of day over its last few days, and the forecast it gives: the
 * seasonal-naive forecast with a level, the method AWS predictive scaling and most capacity
 * planners start from, because diurnal web load repeats its shape from day to day far better than
 * it keeps its level.
 * <pre>
 *   base(t)     = median over the past days d of rate(t − d days)      (at least {@code minDays})
 *   level       = Σ recent actual ÷ Σ base over the same recent slots  (clamped to [1/2, 2])
 *   forecast(t) = base(t) × level
 * </pre>
 * The median, not the mean, so that one odd day (an outage, a launch) does not move the shape; the
 * level, so that a day busier than the ones before is forecast busier all along, not only once the
 * slot it is in was seen.
 *
 * <p>Example, 1-minute slots, 3 days of 100, 120 and 110 requests/s at 09:00: base(09:00) = 110.
 * The last 10 minutes ran at 1.2 × their base: the forecast for 09:00 is 132.
 *
 * <p>Slots are whole multiples of the slot length since the epoch; a day is {@code slotsPerDay}
 * slots (UTC, with no DST: a seasonal shape in local time moves by an hour twice a year, which the
 * level and the median absorb within a day). Memory: {@code days × slotsPerDay} floats (7 days of
 * 1-minute slots: 40 KB), so it is kept only for services that ask for a forecast. Not thread-safe:
 * one owner, as a window.
 */
public final class SeasonalProfile {

    /**
     * What a slot's base is: the same time on the past days (their median), or the same time a
     * week ago. Daily is the shape most web load repeats; weekly is the one a weekend breaks the
     * daily for (a Saturday is forecast from last Saturday, not from the five weekdays before it).
     */
    public enum Basis {
        DAILY, WEEKLY;

        /** For a verdict's message. */
        public String label() {
            return this == DAILY ? "daily" : "weekly";
        }
    }

    private static final float UNSEEN = Float.NaN;

    private final long slotSeconds;
    private final int slotsPerDay;
    private final int days;
    private final int minDays;
    private final int levelSlots;
    private final float[] rates;
    /** The slot (index since the epoch) each cell of {@link #rates} holds, so a stale cell is known. */
    private final long[] slotOf;

    /**
     * @param slot       the slot length; a whole divisor of a day
     * @param days       days of history kept (7: a week)
     * @param minDays    past days a slot needs before it is forecast (2: one odd day is not a shape)
     * @param levelSpan  the recent span the level is measured over
     */
    public SeasonalProfile(Duration slot, int days, int minDays, Duration levelSpan) {
        long seconds = slot.toSeconds();
        if (seconds < 1 || Duration.ofDays(1).toSeconds() % seconds != 0) {
            throw new IllegalArgumentException("slot must be a whole divisor of a day, but was " + slot);
        }
        if (days < 1 || minDays < 1 || minDays > days) {
            throw new IllegalArgumentException("need 1 <= minDays <= days, but were minDays=" + minDays + " days=" + days);
        }
        this.slotSeconds = seconds;
        this.slotsPerDay = (int) (Duration.ofDays(1).toSeconds() / seconds);
        this.days = days;
        this.minDays = minDays;
        this.levelSlots = (int) Math.max(1, levelSpan.toSeconds() / seconds);
        int cells = (days + 1) * slotsPerDay; // today's slots too, for the level
        this.rates = new float[cells];
        this.slotOf = new long[cells];
        Arrays.fill(rates, UNSEEN);
        Arrays.fill(slotOf, Long.MIN_VALUE);
    }

    /** The slot that holds {@code at}. */
    public long slot(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), slotSeconds);
    }

    /** The start of a slot. */
    public Instant start(long slot) {
        return Instant.ofEpochSecond(slot * slotSeconds);
    }

    /** The slot's mean rate (requests/s), once the slot is over. A later record of the same slot replaces it. */
    public void record(long slot, double rate) {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be a finite number >= 0, but was " + rate);
        }
        int cell = cell(slot);
        rates[cell] = (float) rate;
        slotOf[cell] = slot;
    }

    /**
     * A slot's rate from the history another owner kept: taken only where nothing as new is held
     * for its cell, so what this owner saw itself, or a newer day, wins.
     *
     * @return whether it was taken
     */
    public boolean restore(long slot, double rate) {
        if (!(rate >= 0) || Double.isInfinite(rate) || slotOf[cell(slot)] >= slot) {
            return false;
        }
        record(slot, rate);
        return true;
    }

    /** The rate recorded for a slot, if it is still kept. */
    public OptionalDouble rate(long slot) {
        int cell = cell(slot);
        return slotOf[cell] == slot ? OptionalDouble.of(rates[cell]) : OptionalDouble.empty();
    }

    /** The slot's base by {@code basis}: the daily median, or the rate a week before (kept only with 7 days or more). */
    public OptionalDouble base(long slot, Basis basis) {
        if (basis == Basis.DAILY) {
            return base(slot);
        }
        return days >= 7 ? rate(slot - 7L * slotsPerDay) : OptionalDouble.empty();
    }

    /** The median rate of this time of day over the past days, if at least {@code minDays} of them were seen. */
    public OptionalDouble base(long slot) {
        double[] seen = new double[days];
        int n = 0;
        for (int d = 1; d <= days; d++) {
            OptionalDouble r = rate(slot - (long) d * slotsPerDay);
            if (r.isPresent()) {
                seen[n++] = r.getAsDouble();
            }
        }
        if (n < minDays) {
            return OptionalDouble.empty();
        }
        Arrays.sort(seen, 0, n);
        return OptionalDouble.of(n % 2 == 1 ? seen[n / 2] : (seen[n / 2 - 1] + seen[n / 2]) / 2);
    }

    /**
     * The level of the recent slots against their base: the ratio of what came in the
     * {@code levelSpan} up to {@code beforeSlot} (exclusive) to what their base said, clamped to
     * [1/2, 2]; 1 where the recent slots have no base or no traffic.
     */
    public double level(long beforeSlot) {
        return level(beforeSlot, Basis.DAILY);
    }

    /** {@link #level(long)} against the base by {@code basis}. */
    public double level(long beforeSlot, Basis basis) {
        double actual = 0;
        double expected = 0;
        for (long s = beforeSlot - levelSlots; s < beforeSlot; s++) {
            OptionalDouble a = rate(s);
            OptionalDouble b = base(s, basis);
            if (a.isPresent() && b.isPresent()) {
                actual += a.getAsDouble();
                expected += b.getAsDouble();
            }
        }
        if (expected <= 0) {
            return 1;
        }
        return Math.max(0.5, Math.min(2, actual / expected));
    }

    /**
     * The rate forecast for the slot that holds {@code at}, knowing the slots before {@code now}'s;
     * empty until that time of day has been seen on {@code minDays} past days.
     */
    public OptionalDouble forecast(Instant at, Instant now) {
        return forecast(at, now, Basis.DAILY);
    }

    /** {@link #forecast(Instant, Instant)} from the base by {@code basis}, with its own level. */
    public OptionalDouble forecast(Instant at, Instant now, Basis basis) {
        OptionalDouble base = base(slot(at), basis);
        if (base.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(base.getAsDouble() * level(slot(now), basis));
    }

    public Duration slotLength() {
        return Duration.ofSeconds(slotSeconds);
    }

    private int cell(long slot) {
        return (int) Math.floorMod(slot, (long) rates.length);
    }
}
