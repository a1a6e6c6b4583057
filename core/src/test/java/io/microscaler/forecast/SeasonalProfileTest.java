package io.microscaler.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeasonalProfileTest {

    private static final Instant DAY0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final long SLOTS_PER_DAY = 1440;

    private static SeasonalProfile minuteSlots() {
        return new SeasonalProfile(Duration.ofMinutes(1), 7, 2, Duration.ofMinutes(10));
    }

    @Test
    void theJavadocExampleMedianOfThreeDaysTimesTheRecentLevel() {
        SeasonalProfile p = minuteSlots();
        long nine = p.slot(DAY0.plus(Duration.ofDays(3)).plus(Duration.ofHours(9)));
        double[] pastNines = {100, 120, 110};
        for (int d = 1; d <= 3; d++) {
            p.record(nine - d * SLOTS_PER_DAY, pastNines[3 - d]);
        }
        // the 10 minutes before 09:00 today ran at 1.2 × what the same minutes ran on the days before (50/s)
        for (long s = nine - 10; s < nine; s++) {
            for (int d = 1; d <= 3; d++) {
                p.record(s - d * SLOTS_PER_DAY, 50);
            }
            p.record(s, 60);
        }

        assertThat(p.base(nine)).isEqualTo(OptionalDouble.of(110));
        assertThat(p.level(nine)).isCloseTo(1.2, within(1e-6));
        assertThat(p.forecast(p.start(nine), p.start(nine)).getAsDouble()).isCloseTo(132, within(1e-3));
    }

    @Test
    void aTimeOfDaySeenOnFewerThanMinDaysIsNotForecast() {
        SeasonalProfile p = minuteSlots();
        long slot = p.slot(DAY0.plus(Duration.ofDays(2)));
        p.record(slot - SLOTS_PER_DAY, 80);
        assertThat(p.forecast(p.start(slot), p.start(slot))).isEmpty();
        p.record(slot - 2 * SLOTS_PER_DAY, 90);
        assertThat(p.forecast(p.start(slot), p.start(slot))).hasValue(85.0); // median of two: their mean
    }

    @Test
    void oneOddDayDoesNotMoveTheShape() {
        SeasonalProfile p = minuteSlots();
        long slot = p.slot(DAY0.plus(Duration.ofDays(5)));
        double[] days = {100, 100, 5_000, 100, 100}; // a launch day
        for (int d = 1; d <= days.length; d++) {
            p.record(slot - d * SLOTS_PER_DAY, days[d - 1]);
        }
        assertThat(p.base(slot)).hasValue(100.0);
    }

    @Test
    void theLevelIsClampedToHalfAndTwice() {
        SeasonalProfile p = minuteSlots();
        long now = p.slot(DAY0.plus(Duration.ofDays(2)));
        for (long s = now - 10; s < now; s++) {
            p.record(s - SLOTS_PER_DAY, 10);
            p.record(s - 2 * SLOTS_PER_DAY, 10);
            p.record(s, 100); // ten times busier
        }
        assertThat(p.level(now)).isEqualTo(2.0);
        for (long s = now - 10; s < now; s++) {
            p.record(s, 1);
        }
        assertThat(p.level(now)).isEqualTo(0.5);
        assertThat(minuteSlots().level(now)).as("nothing to compare: level 1").isEqualTo(1.0);
    }

    @Test
    void dayOlderThanTheKeptDaysIsForgotten() {
        SeasonalProfile p = new SeasonalProfile(Duration.ofMinutes(1), 2, 1, Duration.ofMinutes(10));
        long slot = p.slot(DAY0.plus(Duration.ofDays(3)));
        p.record(slot - 3 * SLOTS_PER_DAY, 500); // three days back: beyond the two kept
        p.record(slot - SLOTS_PER_DAY, 100);
        assertThat(p.base(slot)).hasValue(100.0);
        assertThat(p.rate(slot - 3 * SLOTS_PER_DAY)).hasValue(500.0);
        p.record(slot, 7); // today's slot takes the cell of the day three back
        assertThat(p.rate(slot - 3 * SLOTS_PER_DAY)).isEmpty();
    }

    /**
     * A known load: 100 + 60 sin(2πt / day) requests/s with ±10 % noise on every minute, seeded. With
     * three noisy days seen, every minute of the fourth day, forecast 1 minute ahead, is within 15 %
     * of the true mean of that minute, and within 5 % on average (the median of three noisy days
     * still carries up to about 8 % of noise, and the level a little more).
     */
    @Test
    void aNoisySineIsForecastWithinTheStatedError() {
        SeasonalProfile p = minuteSlots();
        Random noise = new Random(42);
        long day0 = p.slot(DAY0);
        for (long s = day0; s < day0 + 3 * SLOTS_PER_DAY; s++) {
            p.record(s, truth(s) * (1 + (noise.nextDouble() * 0.2 - 0.1)));
        }
        double worst = 0;
        double sum = 0;
        for (long s = day0 + 3 * SLOTS_PER_DAY; s < day0 + 4 * SLOTS_PER_DAY; s++) {
            double forecast = p.forecast(p.start(s + 1), p.start(s)).orElseThrow();
            double error = Math.abs(forecast - truth(s + 1)) / truth(s + 1);
            worst = Math.max(worst, error);
            sum += error;
            p.record(s, truth(s) * (1 + (noise.nextDouble() * 0.2 - 0.1)));
        }
        assertThat(worst).isLessThan(0.15);
        assertThat(sum / SLOTS_PER_DAY).isLessThan(0.05);
    }

    @Test
    void aBusierDayIsForecastBusierOnceTheLevelHasSeenIt() {
        SeasonalProfile p = minuteSlots();
        long day0 = p.slot(DAY0);
        for (long s = day0; s < day0 + 3 * SLOTS_PER_DAY; s++) {
            p.record(s, truth(s));
        }
        long nowSlot = day0 + 3 * SLOTS_PER_DAY + 600; // 10:00 on the fourth day, which runs 30 % busier
        for (long s = day0 + 3 * SLOTS_PER_DAY; s < nowSlot; s++) {
            p.record(s, 1.3 * truth(s));
        }
        double forecast = p.forecast(p.start(nowSlot + 1), p.start(nowSlot)).orElseThrow();
        assertThat(forecast / truth(nowSlot + 1)).isCloseTo(1.3, within(0.01));
    }

    @Test
    void refusesASlotThatDoesNotDivideADayAndANegativeRate() {
        assertThatThrownBy(() -> new SeasonalProfile(Duration.ofSeconds(7), 7, 2, Duration.ofMinutes(10)))
                .hasMessage("slot must be a whole divisor of a day, but was PT7S");
        assertThatThrownBy(() -> minuteSlots().record(0, -1)).hasMessage("rate must be a finite number >= 0, but was -1.0");
    }

    /** The sine's mean over the minute starting at slot s. */
    private static double truth(long s) {
        double t = s * 60 + 30;
        return 100 + 60 * Math.sin(2 * Math.PI * t / 86_400);
    }
}
