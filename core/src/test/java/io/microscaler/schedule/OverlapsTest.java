package io.microscaler.schedule;

import static io.microscaler.schedule.ScheduleTest.schedule;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The first instant two schedules are active at once, from Sunday 2026-12-06 00:00Z, by hand. */
class OverlapsTest {

    private static final Instant FROM = Instant.parse("2026-12-06T00:00:00Z");

    @ParameterizedTest(name = "{0}–{1} {2} and {3}–{4} {5}: {6}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // late opening on Thursdays inside opening hours: Thursday 17:00
            "0 8 * * MON-FRI | 0 18 * * MON-FRI | Europe/London | 0 17 * * THU | 0 21 * * THU | Europe/London | 2026-12-10T17:00:00Z",
            // weekdays and weekends never meet
            "0 8 * * MON-FRI | 0 18 * * MON-FRI | Europe/London | 0 10 * * SAT,SUN | 0 16 * * SAT,SUN | Europe/London | -",
            // back to back: one ends as the other starts
            "0 8 * * *       | 0 12 * * *       | UTC           | 0 12 * * *   | 0 18 * * *   | UTC           | -",
            // the same local hours in other zones: New York's noon is 17:00Z, Kolkata's 14:00 is 08:30Z
            "0 8 * * *       | 0 18 * * *       | Europe/London | 0 12 * * *   | 0 13 * * *   | America/New_York | 2026-12-06T17:00:00Z",
            "0 8 * * *       | 0 18 * * *       | Europe/London | 0 14 * * *   | 0 15 * * *   | Asia/Kolkata  | 2026-12-06T08:30:00Z",
            "0 8 * * *       | 0 18 * * *       | Europe/London | 0 2 * * *    | 0 6 * * *    | Asia/Kolkata  | -",  // 20:30Z-00:30Z
            // apart in winter, together once London is on BST (Sunday 2027-03-28, 09:00 BST = 08:00Z)
            "0 9 * * *       | 0 10 * * *       | Europe/London | 0 8 * * *    | 30 8 * * *   | UTC           | 2027-03-28T08:00:00Z",
            // both active at the start: since the later start
            "0 22 * * SAT    | 0 6 * * MON      | UTC           | 0 20 * * SAT | 0 8 * * SUN  | UTC           | 2026-12-05T22:00:00Z",
            // a leap day within the horizon
            "0 0 29 2 *      | 0 0 1 3 *        | UTC           | 0 12 * * TUE | 0 13 * * TUE | UTC           | -",
    })
    void theFirstInstantBothAreActive(String startA, String endA, String zoneA, String startB, String endB, String zoneB,
                                      Instant first) {
        Schedule a = schedule("a", startA, endA, zoneA);
        Schedule b = schedule("b", startB, endB, zoneB);

        assertThat(Overlaps.firstOverlap(a, b, FROM).orElse(null)).isEqualTo(first);
        assertThat(Overlaps.firstOverlap(b, a, FROM).orElse(null)).as("either way round").isEqualTo(first);
    }

    @ParameterizedTest(name = "{0}–{1}: first active {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "0 8 * * MON-FRI | 0 18 * * MON-FRI | 2026-12-07T08:00:00Z",
            "0 22 * * SAT    | 0 6 * * MON      | 2026-12-06T00:00:00Z",   // active now
            "0 0 29 2 *      | 0 0 1 3 *        | 2028-02-29T00:00:00Z",   // over a year away: still found
            "0 8 31 2 *      | 0 18 * * *       | -",                      // 31 February
            "0 8 * * *       | 0 8 * * *        | -",                      // every start is an end
            "0 8,20 * * *    | 0 8,9,20 * * *   | -",                      // the same, with more ends
    })
    void whenAScheduleIsFirstActive(String start, String end, Instant first) {
        assertThat(Overlaps.firstActive(schedule("s", start, end, "UTC"), FROM).orElse(null)).isEqualTo(first);
    }
}
