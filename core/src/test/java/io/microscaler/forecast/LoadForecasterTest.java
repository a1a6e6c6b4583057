package io.microscaler.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadForecasterTest {

    private static final long DAY0 = Instant.parse("2026-12-01T00:00:00Z").getEpochSecond();
    private static final long DAY = 86_400;

    /** A daily shape: 20 requests/s at night, 200 from 09:00 to 17:00 (a step, the hardest thing to react to). */
    private static long officeHours(long second) {
        long inDay = Math.floorMod(second - DAY0, DAY);
        return inDay >= 9 * 3600 && inDay < 17 * 3600 ? 200 : 20;
    }

    @Test
    void forecastsTheMorningStepAHorizonBeforeItComes() {
        LoadForecaster f = LoadForecaster.withDefaults(Duration.ofSeconds(60));
        long nineOnDay3 = DAY0 + 2 * DAY + 9 * 3600;
        for (long s = DAY0; s < nineOnDay3 - 60; s++) {
            f.second(s, officeHours(s));
            if (s % 60 == 0) {
                f.forecast(Instant.ofEpochSecond(s)); // as the window's owner asks each tick: judged against what came
            }
        }
        Instant now = Instant.ofEpochSecond(nineOnDay3 - 60); // 08:59 on the third day: still 20/s
        LoadForecaster.Forecast at = f.forecast(now).orElseThrow();
        assertThat(at.at()).isEqualTo(Instant.ofEpochSecond(nineOnDay3));
        assertThat(at.rate()).isCloseTo(200, within(1e-6));
        assertThat(at.verdict().trusted()).isTrue();
    }

    @Test
    void nothingIsForecastBeforeATimeOfDayWasSeenOnTwoDays() {
        LoadForecaster f = LoadForecaster.withDefaults(Duration.ofSeconds(60));
        for (long s = DAY0; s < DAY0 + DAY + 3600; s++) {
            f.second(s, 50);
        }
        assertThat(f.forecast(Instant.ofEpochSecond(DAY0 + DAY + 3600))).isEmpty();
    }

    @Test
    void aWrongShapeSwitchesTheForecastOffAndSaysWhy() {
        LoadForecaster f = LoadForecaster.withDefaults(Duration.ofSeconds(60));
        long s = DAY0;
        for (; s < DAY0 + 3 * DAY; s++) {
            f.second(s, officeHours(s));
            if (s % 60 == 0) {
                f.forecast(Instant.ofEpochSecond(s));
            }
        }
        // the fourth day stays at 20/s through office hours: a holiday
        long offAt = -1;
        String why = null;
        for (; s < DAY0 + 3 * DAY + 12 * 3600; s++) {
            f.second(s, 20);
            if (s % 60 == 0) {
                var v = f.forecast(Instant.ofEpochSecond(s)).orElseThrow().verdict();
                if (!v.trusted() && offAt < 0) {
                    offAt = s - (DAY0 + 3 * DAY + 9 * 3600);
                    why = v.why();
                }
            }
        }
        // the level halves the forecast at most (clamped at 1/2): 100 against 20 is 400 % off, every slot
        assertThat(offAt).as("seconds after 09:00 the forecast was switched off").isBetween(0L, 30L * 60);
        assertThat(why).startsWith("forecast switched off: mean error");
    }

    @Test
    void aNewOwnerRestoredFromTheClosedSlotsForecastsAndTrustsAsTheOldOneDid() {
        LoadForecaster old = LoadForecaster.withDefaults(Duration.ofSeconds(60));
        List<ClosedSlot> history = new ArrayList<>();
        old.onClosed(history::add);
        long handOver = DAY0 + 2 * DAY + 8 * 3600 + 59 * 60; // 08:59 on the third day
        for (long s = DAY0; s < handOver; s++) {
            old.second(s, officeHours(s) + (s % 7)); // a little noise, so that the errors are not all 0
            if (s % 60 == 0) {
                old.forecast(Instant.ofEpochSecond(s));
            }
        }
        Instant now = Instant.ofEpochSecond(handOver);
        LoadForecaster restored = LoadForecaster.withDefaults(Duration.ofSeconds(60));
        assertThat(restored.forecast(now)).as("nothing to go on before the restore").isEmpty();

        int taken = restored.restore(history, now);

        assertThat(taken).isEqualTo(history.size()).isEqualTo((int) ((handOver - DAY0) / 60 - 1));
        LoadForecaster.Forecast expected = old.forecast(now).orElseThrow();
        LoadForecaster.Forecast actual = restored.forecast(now).orElseThrow();
        assertThat(actual.rate()).isEqualTo(expected.rate());
        assertThat(actual.rate()).as("the 09:00 step, a horizon ahead").isGreaterThan(150);
        assertThat(actual.verdict().trusted()).isTrue();
        assertThat(actual.verdict().compared()).isEqualTo(expected.verdict().compared()).isEqualTo(60);
        assertThat(actual.verdict().meanError()).isCloseTo(expected.verdict().meanError(), within(1e-9));
    }

    @Test
    void whatTheNewOwnerSawItselfWinsOverTheRestoredHistory() {
        LoadForecaster f = LoadForecaster.withDefaults(Duration.ofSeconds(60));
        long minute = DAY0 + 2 * DAY;
        for (long s = minute; s < minute + 61; s++) {
            f.second(s, 40); // closes the slot at `minute` with 40/s
        }
        List<ClosedSlot> history = new ArrayList<>();
        for (int d = 2; d >= 0; d--) {
            history.add(new ClosedSlot(minute - d * DAY, 60, 10)); // the old owner's, incl. 10/s for `minute` itself
        }
        history.add(new ClosedSlot(minute - DAY + 30, 60, 10)); // not on a slot's boundary
        history.add(new ClosedSlot(minute - DAY, 300, 10));     // another slot length
        history.add(new ClosedSlot(minute + 60, 60, 500));      // not over yet: a writer's clock ahead
        history.add(new ClosedSlot(minute + 7 * DAY, 60, 500)); // a week ahead, in the cell of a past day's slot

        int taken = f.restore(history, Instant.ofEpochSecond(minute + 61));

        assertThat(taken).as("two past days; not the slot seen here, nor the odd or future ones").isEqualTo(2);
        // the forecast for `minute` a day later: the median of 10, 10 and the 40 seen here
        assertThat(f.forecast(Instant.ofEpochSecond(minute + DAY - 60)).orElseThrow().rate()).isEqualTo(10);
    }

    /** Office hours on weekdays only: 2026-11-30 is a Monday; Saturday and Sunday stay at 20/s all day. */
    private static long officeWeek(long second) {
        long monday = Instant.parse("2026-11-30T00:00:00Z").getEpochSecond();
        long dayOfWeek = Math.floorMod(second - monday, 7 * DAY) / DAY;
        return dayOfWeek >= 5 ? 20 : officeHours(second);
    }

    @Test
    void aWeekendIsForecastFromTheWeekendBeforeOnceAWeekIsKept() {
        long monday = Instant.parse("2026-11-30T00:00:00Z").getEpochSecond();
        LoadForecaster f = LoadForecaster.withDefaults(Duration.ofSeconds(60));
        long saturdayTen = monday + 12 * DAY + 10 * 3600; // the second week's Saturday, 10:00
        long s = monday;
        LoadForecaster.Forecast lastWeekend = null;
        for (; s < saturdayTen; s++) {
            f.second(s, officeWeek(s));
            if (s % 60 == 0) {
                LoadForecaster.Forecast made = f.forecast(Instant.ofEpochSecond(s)).orElse(null);
                if (s == monday + 5 * DAY + 10 * 3600) {
                    lastWeekend = made; // the first Saturday, 10:00: no week kept yet
                }
            }
        }
        LoadForecaster.Forecast now = f.forecast(Instant.ofEpochSecond(saturdayTen)).orElseThrow();

        // a week ago there was only the daily median of the weekdays before: 200, halved by the level at most
        assertThat(lastWeekend.rate()).isEqualTo(100);
        assertThat(lastWeekend.verdict().trusted()).as(lastWeekend.verdict().why()).isFalse();
        // now last Saturday says 20, and the weekly forecasts have been right since Saturday began
        assertThat(now.rate()).isCloseTo(20, within(1e-6));
        assertThat(now.verdict().trusted()).isTrue();
        assertThat(now.verdict().why()).endsWith("from the same minute a week ago");

        // and on the weekday after, both bases agree on the 09:00 step
        for (; s < monday + 14 * DAY + 9 * 3600 - 60; s++) {
            f.second(s, officeWeek(s));
            if (s % 60 == 0) {
                f.forecast(Instant.ofEpochSecond(s));
            }
        }
        LoadForecaster.Forecast mondayStep = f.forecast(Instant.ofEpochSecond(s)).orElseThrow();
        assertThat(mondayStep.rate()).isCloseTo(200, within(1e-6));
        assertThat(mondayStep.verdict().trusted()).isTrue();
    }
}
