package io.microscaler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The day-by-day searches against a reference that maps every minute of every day to its instant
 * by the stated rules (a time in a gap at the gap's end, a time in an overlap at its earlier
 * offset) and picks from the sorted set: every 7 minutes across both of 2027's DST changes.
 */
class CronReferenceTest {

    @ParameterizedTest(name = "{0} {1} in {2}, from {3}")
    @CsvSource(delimiter = '|', value = {
            "0,30     | 1-2   | Europe/London    | 2027-03-26",
            "0,30     | 1-2   | Europe/London    | 2027-10-29",
            "15,45    | 0-3   | America/New_York | 2027-03-12",
            "15,45    | 0-3   | America/New_York | 2027-11-05",
            "0        | 23,0  | Europe/London    | 2027-03-26",
            "*/20     | *     | Australia/Lord_Howe | 2027-04-02",   // a half-hour change
            "59       | 1     | Asia/Kolkata     | 2027-03-26",
    })
    void theSearchesAgreeWithEveryMinuteMapped(String minutes, String hours, String zone, LocalDate from) {
        Cron cron = Cron.parse(minutes + " " + hours + " * * *");
        ZoneId z = ZoneId.of(zone);
        TreeSet<Instant> all = reference(values(minutes, 59), values(hours, 23), z, from.minusDays(2), 12);
        Instant start = from.atStartOfDay(z).toInstant();
        for (Instant t = start; t.isBefore(start.plus(Duration.ofDays(7))); t = t.plusSeconds(7 * 60)) {
            assertThat(cron.nextAfter(t, z, 3).orElse(null)).as("next after %s", t).isEqualTo(all.higher(t));
            assertThat(cron.latestAtOrBefore(t, z, 3).orElse(null)).as("latest at or before %s", t).isEqualTo(all.floor(t));
            assertThat(cron.firesAt(t, z)).as("fires at %s", t).isEqualTo(all.contains(t));
        }
        for (Instant at : all.subSet(start, start.plus(Duration.ofDays(7)))) {
            assertThat(cron.firesAt(at, z)).as("fires at %s", at).isTrue();
            assertThat(cron.nextAfter(at.minusSeconds(1), z, 3)).as("next before %s", at).contains(at);
        }
    }

    private static TreeSet<Instant> reference(List<Integer> minutes, List<Integer> hours, ZoneId zone, LocalDate first,
                                              int days) {
        TreeSet<Instant> out = new TreeSet<>();
        for (LocalDate day = first; day.isBefore(first.plusDays(days)); day = day.plusDays(1)) {
            for (int h : hours) {
                for (int m : minutes) {
                    LocalDateTime local = day.atTime(h, m);
                    ZoneOffsetTransition t = zone.getRules().getTransition(local);
                    out.add(t != null && t.isGap() ? t.getInstant() : ZonedDateTime.ofLocal(local, zone, null).toInstant());
                }
            }
        }
        return out;
    }

    /** A field of single values, a-b ranges, '*' and '*' + '/n', comma-separated. */
    private static List<Integer> values(String field, int max) {
        List<Integer> out = new ArrayList<>();
        for (String item : field.split(",")) {
            if (item.startsWith("*")) {
                int step = item.contains("/") ? Integer.parseInt(item.substring(2)) : 1;
                for (int v = 0; v <= max; v += step) {
                    out.add(v);
                }
            } else if (item.contains("-")) {
                String[] ends = item.split("-");
                for (int v = Integer.parseInt(ends[0]); v <= Integer.parseInt(ends[1]); v++) {
                    out.add(v);
                }
            } else {
                out.add(Integer.parseInt(item));
            }
        }
        return out;
    }
}
