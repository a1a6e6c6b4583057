package io.microscaler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whether a schedule is active, worked out by hand (2026-12-06 is a Sunday; DST dates as in {@link CronTest}). */
class ScheduleTest {

    static Schedule schedule(String name, String start, String end, String zone) {
        return new Schedule(name, Cron.parse(start), Cron.parse(end), ZoneId.of(zone), OptionalInt.of(6), OptionalInt.empty());
    }

    @ParameterizedTest(name = "{0} → {1} in {2} at {3}: {4}")
    @CsvSource(delimiter = '|', value = {
            // opening hours, in winter (GMT) and summer (BST)
            "0 8 * * MON-FRI  | 0 18 * * MON-FRI | Europe/London    | 2026-12-07T07:59:00Z | false",
            "0 8 * * MON-FRI  | 0 18 * * MON-FRI | Europe/London    | 2026-12-07T08:00:00Z | true",   // the start is in
            "0 8 * * MON-FRI  | 0 18 * * MON-FRI | Europe/London    | 2026-12-07T17:59:59Z | true",
            "0 8 * * MON-FRI  | 0 18 * * MON-FRI | Europe/London    | 2026-12-07T18:00:00Z | false",  // the end is out
            "0 8 * * MON-FRI  | 0 18 * * MON-FRI | Europe/London    | 2026-12-05T12:00:00Z | false",  // Saturday
            "0 8 * * MON-FRI  | 0 18 * * MON-FRI | Europe/London    | 2027-07-05T07:00:00Z | true",   // 08:00 BST
            "0 8 * * MON-FRI  | 0 18 * * MON-FRI | Europe/London    | 2027-07-05T17:00:00Z | false",  // 18:00 BST
            "0 8 * * MON-FRI  | 0 18 * * MON-FRI | America/New_York | 2026-12-07T12:59:00Z | false",  // 07:59 EST
            "0 8 * * MON-FRI  | 0 18 * * MON-FRI | America/New_York | 2026-12-07T13:00:00Z | true",
            "0 8 * * MON-FRI  | 0 18 * * MON-FRI | Asia/Kolkata     | 2026-12-07T02:30:00Z | true",   // 08:00 IST
            "0 8 * * MON-FRI  | 0 18 * * MON-FRI | Asia/Kolkata     | 2026-12-07T12:30:00Z | false",  // 18:00 IST
            // across midnight, across the weekend
            "0 22 * * *       | 0 6 * * *        | UTC              | 2026-12-06T23:00:00Z | true",
            "0 22 * * *       | 0 6 * * *        | UTC              | 2026-12-07T03:00:00Z | true",
            "0 22 * * *       | 0 6 * * *        | UTC              | 2026-12-07T06:00:00Z | false",
            "0 22 * * *       | 0 6 * * *        | UTC              | 2026-12-07T21:59:00Z | false",
            "0 18 * * FRI     | 0 8 * * MON      | UTC              | 2026-12-04T17:59:00Z | false",
            "0 18 * * FRI     | 0 8 * * MON      | UTC              | 2026-12-04T18:00:00Z | true",
            "0 18 * * FRI     | 0 8 * * MON      | UTC              | 2026-12-06T23:00:00Z | true",
            "0 18 * * FRI     | 0 8 * * MON      | UTC              | 2026-12-07T08:00:00Z | false",
            // a start and an end at the same instant: the end wins
            "0 8 * * *        | 0 8 * * *        | UTC              | 2026-12-07T08:00:00Z | false",
            "0 8 * * *        | 0 8 * * *        | UTC              | 2026-12-07T12:00:00Z | false",
            // a leap day
            "0 0 29 2 *       | 0 0 1 3 *        | UTC              | 2028-02-29T12:00:00Z | true",
            "0 0 29 2 *       | 0 0 1 3 *        | UTC              | 2027-02-28T12:00:00Z | false",
            "0 0 29 2 *       | 0 0 1 3 *        | UTC              | 2028-03-01T00:00:00Z | false",
            // spring forward, London 2027-03-28 (01:00 GMT → 02:00 BST at 01:00Z)
            "30 1 * * *       | 0 2 * * *        | Europe/London    | 2027-03-27T01:45:00Z | true",   // the day before, GMT
            "30 1 * * *       | 0 2 * * *        | Europe/London    | 2027-03-28T01:00:00Z | false",  // both in the gap: no window
            "30 1 * * *       | 0 2 * * *        | Europe/London    | 2027-03-28T01:15:00Z | false",
            "0 1 * * *        | 0 3 * * *        | Europe/London    | 2027-03-28T01:59:00Z | true",   // 2 h of local time, 1 h long
            "0 1 * * *        | 0 3 * * *        | Europe/London    | 2027-03-28T02:00:00Z | false",  // 03:00 BST
            // fall back, London 2027-10-31 (02:00 BST → 01:00 GMT at 01:00Z)
            "0 1 * * *        | 0 2 * * *        | Europe/London    | 2027-10-31T01:30:00Z | true",   // 2 h long
            "0 1 * * *        | 0 2 * * *        | Europe/London    | 2027-10-31T02:00:00Z | false",
            "30 1 * * *       | 45 1 * * *       | Europe/London    | 2027-10-31T00:40:00Z | true",   // 01:40 BST
            "30 1 * * *       | 45 1 * * *       | Europe/London    | 2027-10-31T01:35:00Z | false",  // 01:35 GMT: not again
    })
    void activeFromTheLatestStartUntilTheNextEnd(String start, String end, String zone, Instant at, boolean active) {
        assertThat(schedule("s", start, end, zone).activeAt(at)).isEqualTo(active);
    }

    @Test
    void theActiveScheduleSaysUntilWhenInItsZone() {
        Schedules schedules = new Schedules(List.of(
                schedule("weekend", "0 10 * * SAT,SUN", "0 16 * * SAT,SUN", "Europe/London"),
                schedule("opening-hours", "0 8 * * MON-FRI", "0 18 * * MON-FRI", "Europe/London")));
        Instant monday = Instant.parse("2026-12-07T09:30:00Z");

        ActiveSchedule active = schedules.activeAt(monday).orElseThrow();

        assertThat(active.name()).isEqualTo("opening-hours");
        assertThat(active.until()).contains(Instant.parse("2026-12-07T18:00:00Z"));
        assertThat(active.describe(monday)).isEqualTo("Mon–Fri 08:00–18:00 Europe/London, until 18:00");
        assertThat(schedules.activeAt(Instant.parse("2026-12-05T15:00:00Z")).orElseThrow().describe(
                Instant.parse("2026-12-05T15:00:00Z"))).isEqualTo("Sat,Sun 10:00–16:00 Europe/London, until 16:00");
        assertThat(schedule("night", "0 22 * * *", "0 6 * * *", "Asia/Kolkata").describe())
                .isEqualTo("daily 22:00–06:00 Asia/Kolkata");
        assertThat(new ActiveSchedule(schedule("night", "0 22 * * *", "0 6 * * *", "UTC"),
                java.util.Optional.of(Instant.parse("2026-12-07T06:00:00Z"))).describe(Instant.parse("2026-12-06T23:00:00Z")))
                .isEqualTo("daily 22:00–06:00 UTC, until Mon 2026-12-07 06:00");
        assertThat(schedule("w", "0 18 * * FRI", "0 8 * * MON", "UTC").describe())
                .isEqualTo("'0 18 * * FRI' to '0 8 * * MON' UTC");
    }

    /** The kept answer must be the answer: every 7 minutes over two weeks, forwards and then backwards. */
    @Test
    void theKeptAnswerIsAlwaysTheComputedOne() {
        Schedule hours = schedule("opening-hours", "0 8 * * MON-FRI", "0 18 * * MON-FRI", "Europe/London");
        Schedule night = schedule("night", "30 22 * * *", "15 6 * * *", "Europe/London");
        Schedules schedules = new Schedules(List.of(hours, night));
        Instant from = Instant.parse("2027-03-22T00:00:00Z"); // over the spring-forward weekend
        int changes = 0;
        boolean wasActive = false;
        for (int i = 0; i < 2 * 7 * 24 * 60 / 7; i++) {
            Instant t = from.plus(Duration.ofMinutes(7L * i));
            String expected = hours.activeAt(t) ? "opening-hours" : night.activeAt(t) ? "night" : null;
            assertThat(schedules.activeAt(t).map(ActiveSchedule::name).orElse(null)).as("at %s", t).isEqualTo(expected);
            changes += (expected != null) != wasActive ? 1 : 0;
            wasActive = expected != null;
        }
        for (int i = 2 * 7 * 24 * 60 / 7; i >= 0; i -= 13) {
            Instant t = from.plus(Duration.ofMinutes(7L * i));
            String expected = hours.activeAt(t) ? "opening-hours" : night.activeAt(t) ? "night" : null;
            assertThat(schedules.activeAt(t).map(ActiveSchedule::name).orElse(null)).as("at %s", t).isEqualTo(expected);
        }
        assertThat(changes).as("the walk crosses windows").isGreaterThan(20);
    }
}
