package io.microscaler.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Occurrences worked out by hand from the calendar: 2026-12-06 is a Sunday; 2028 is a leap year;
 * London goes GMT → BST at 01:00Z on 2027-03-28 and back at 01:00Z on 2027-10-31, New York EST → EDT
 * at 07:00Z on 2027-03-14 and back at 06:00Z on 2027-11-07; Kolkata is +05:30 all year.
 */
class CronTest {

    private static final int YEARS = Schedule.SEARCH_DAYS;

    @ParameterizedTest(name = "{0} in {1}: next after {2} is {3}")
    @CsvSource(delimiter = '|', value = {
            // weekdays, names, and the day it is now
            "0 8 * * MON-FRI    | UTC              | 2026-12-05T12:00:00Z | 2026-12-07T08:00:00Z",  // Saturday → Monday
            "0 8 * * 1-5        | UTC              | 2026-12-07T08:00:00Z | 2026-12-08T08:00:00Z",  // strictly after
            "*/15 9-17 * * *    | UTC              | 2026-12-06T17:50:00Z | 2026-12-07T09:00:00Z",
            "5/20 * * * *       | UTC              | 2026-12-06T10:26:00Z | 2026-12-06T10:45:00Z",  // 5, 25, 45
            "0 0 1 JAN,jul *    | UTC              | 2026-12-06T00:00:00Z | 2027-01-01T00:00:00Z",
            "0 12 * * 7         | UTC              | 2026-12-06T12:00:00Z | 2026-12-13T12:00:00Z",  // 7 is Sunday
            // standard cron: both day fields restricted → either; '*/2' counts as unrestricted → both
            "0 12 13 * FRI      | UTC              | 2026-12-06T00:00:00Z | 2026-12-11T12:00:00Z",  // Friday the 11th
            "0 12 13 * FRI      | UTC              | 2026-12-11T12:00:00Z | 2026-12-13T12:00:00Z",  // Sunday the 13th
            "0 12 */2 * FRI     | UTC              | 2026-12-11T12:00:00Z | 2026-12-25T12:00:00Z",  // odd-day Fridays
            // Feb 29 comes once in four years
            "0 0 29 2 *         | UTC              | 2026-12-06T00:00:00Z | 2028-02-29T00:00:00Z",
            // one schedule, three zones, winter and summer
            "0 9 * * *          | Europe/London    | 2026-12-06T00:00:00Z | 2026-12-06T09:00:00Z",
            "0 9 * * *          | America/New_York | 2026-12-06T00:00:00Z | 2026-12-06T14:00:00Z",
            "0 9 * * *          | Asia/Kolkata     | 2026-12-06T00:00:00Z | 2026-12-06T03:30:00Z",
            "0 9 * * *          | Europe/London    | 2027-07-01T00:00:00Z | 2027-07-01T08:00:00Z",
            "0 9 * * *          | America/New_York | 2027-07-01T00:00:00Z | 2027-07-01T13:00:00Z",
            "0 9 * * *          | Asia/Kolkata     | 2027-07-01T00:00:00Z | 2027-07-01T03:30:00Z",
            // spring forward: a time in the gap happens when the gap ends, with the gap's end itself
            "30 1 * * *         | Europe/London    | 2027-03-28T00:00:00Z | 2027-03-28T01:00:00Z",  // 01:30 → 02:00 BST
            "30 1 * * *         | Europe/London    | 2027-03-28T01:00:00Z | 2027-03-29T00:30:00Z",  // next day, BST
            "0,30 1-2 * * *     | Europe/London    | 2027-03-28T00:00:00Z | 2027-03-28T01:00:00Z",  // 01:00, 01:30, 02:00 at once
            "0,30 1-2 * * *     | Europe/London    | 2027-03-28T01:00:00Z | 2027-03-28T01:30:00Z",  // then 02:30 BST
            "30 2 * * *         | America/New_York | 2027-03-14T00:00:00Z | 2027-03-14T07:00:00Z",  // 02:30 → 03:00 EDT
            "30 1 * * *         | Asia/Kolkata     | 2027-03-28T00:00:00Z | 2027-03-28T20:00:00Z",  // no DST: 01:30 IST next day
            // fall back: a time in the repeated hour happens once, at the earlier (summer) offset
            "30 1 * * *         | Europe/London    | 2027-10-31T00:00:00Z | 2027-10-31T00:30:00Z",
            "30 1 * * *         | Europe/London    | 2027-10-31T00:30:00Z | 2027-11-01T01:30:00Z",  // not 01:30Z too
            "30 1 * * *         | America/New_York | 2027-11-07T00:00:00Z | 2027-11-07T05:30:00Z",
            "0 2 * * *          | Europe/London    | 2027-10-31T00:00:00Z | 2027-10-31T02:00:00Z",  // after the overlap: GMT
    })
    void nextOccurrence(String cron, String zone, Instant after, Instant next) {
        assertThat(Cron.parse(cron).nextAfter(after, ZoneId.of(zone), YEARS)).contains(next);
    }

    @ParameterizedTest(name = "{0} in {1}: latest at or before {2} is {3}")
    @CsvSource(delimiter = '|', value = {
            "0 8 * * MON-FRI    | UTC              | 2026-12-07T08:00:00Z | 2026-12-07T08:00:00Z",  // at: included
            "0 8 * * MON-FRI    | UTC              | 2026-12-07T07:59:59Z | 2026-12-04T08:00:00Z",  // back over the weekend
            "*/15 9-17 * * *    | UTC              | 2026-12-06T17:50:00Z | 2026-12-06T17:45:00Z",
            "0 0 29 2 *         | UTC              | 2026-12-06T00:00:00Z | 2024-02-29T00:00:00Z",
            "0 9 * * *          | Asia/Kolkata     | 2026-12-06T03:29:00Z | 2026-12-05T03:30:00Z",
            "30 1 * * *         | Europe/London    | 2027-10-31T01:45:00Z | 2027-10-31T00:30:00Z",  // the first 01:30 only
            "30 2 * * *         | America/New_York | 2027-03-14T12:00:00Z | 2027-03-14T07:00:00Z",
            "0,30 1-2 * * *     | Europe/London    | 2027-03-28T01:29:00Z | 2027-03-28T01:00:00Z",
    })
    void latestOccurrence(String cron, String zone, Instant at, Instant latest) {
        assertThat(Cron.parse(cron).latestAtOrBefore(at, ZoneId.of(zone), YEARS)).contains(latest);
    }

    @ParameterizedTest(name = "{0} in {1} fires at {2}: {3}")
    @CsvSource(delimiter = '|', value = {
            "0 8 * * MON-FRI    | UTC              | 2026-12-07T08:00:00Z | true",
            "0 8 * * MON-FRI    | UTC              | 2026-12-06T08:00:00Z | false",  // Sunday
            "0 8 * * MON-FRI    | UTC              | 2026-12-07T08:00:01Z | false",
            "30 1 * * *         | Europe/London    | 2027-03-28T01:00:00Z | true",   // in the gap: at its end
            "30 1 * * *         | Europe/London    | 2027-03-28T01:30:00Z | false",
            "0 2 * * *          | Europe/London    | 2027-03-28T01:00:00Z | true",   // 02:00 BST itself
            "30 1 * * *         | Europe/London    | 2027-10-31T00:30:00Z | true",   // the earlier 01:30
            "30 1 * * *         | Europe/London    | 2027-10-31T01:30:00Z | false",  // not the later one
            "30 2 * * *         | America/New_York | 2027-03-14T07:00:00Z | true",
            "0 9 * * *          | Asia/Kolkata     | 2026-12-06T03:30:00Z | true",
    })
    void firesAtExactlyItsOccurrences(String cron, String zone, Instant at, boolean fires) {
        Cron c = Cron.parse(cron);

        assertThat(c.firesAt(at, ZoneId.of(zone))).isEqualTo(fires);
        assertThat(c.latestAtOrBefore(at, ZoneId.of(zone), YEARS).filter(at::equals).isPresent())
                .as("the same as the latest occurrence being it").isEqualTo(fires);
    }

    @ParameterizedTest(name = "{0}: never")
    @CsvSource(delimiter = '|', value = {"0 8 31 2 *", "0 8 30 2 *", "0 8 31 4,6,9,11 *"})
    void aDayThatDoesNotExistNeverComes(String cron) {
        Cron c = Cron.parse(cron);

        assertThat(c.nextAfter(Instant.parse("2026-12-06T00:00:00Z"), ZoneId.of("UTC"), YEARS)).isEmpty();
        assertThat(c.latestAtOrBefore(Instant.parse("2026-12-06T00:00:00Z"), ZoneId.of("UTC"), YEARS)).isEmpty();
    }

    @ParameterizedTest(name = "''{0}'': {1}")
    @CsvSource(delimiter = '|', value = {
            "0 8 * *             | it has 4 fields, not 5",
            "''                  | it is empty",
            "60 8 * * *          | minute '60': 60 is outside 0-59",
            "0 24 * * *          | hour '24': 24 is outside 0-23",
            "0 8 0 * *           | day-of-month '0': 0 is outside 1-31",
            "0 8 * 13 *          | month '13': 13 is outside 1-12",
            "0 8 * * MON-FRY     | day-of-week 'MON-FRY': 'FRY' is not a number from 0 to 7 or a name SUN-SAT",
            "0 8 * JANUARY *     | month 'JANUARY': 'JANUARY' is not a number from 1 to 12 or a name JAN-DEC",
            "0 18-8 * * *        | hour '18-8': the range 18-8 runs backwards (as two: 18-23,0-8)",
            "0 8 * * FRI-MON     | day-of-week 'FRI-MON': the range FRI-MON runs backwards (as two: FRI-SAT,SUN-MON)",
            "*/0 * * * *         | minute '*/0': 0 is outside 1-60",
            "1,,2 * * * *        | minute '1,,2': '' is not a number from 0 to 59",
            "0 8 ? * *           | day-of-month '?': '?' is not a number from 1 to 31",
    })
    void aBadExpressionSaysWhichFieldAndWhy(String cron, String problem) {
        assertThatThrownBy(() -> Cron.parse(cron)).isInstanceOf(IllegalArgumentException.class).hasMessage(problem);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "0 8 * * *          | daily",
            "0 8 * * MON-FRI    | Mon–Fri",
            "0 8 * * 1-5        | Mon–Fri",
            "0 8 * * SAT,0      | Sat,Sun",
            "0 8 1 * *          | days '1 * *'",
    })
    void daysInWords(String cron, String words) {
        assertThat(Cron.parse(cron).days()).isEqualTo(words);
    }
}
