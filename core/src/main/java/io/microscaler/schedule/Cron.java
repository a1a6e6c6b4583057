package io.microscaler.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.ZonedDateTime;
import java.time.zone.ZoneRules;
import java.util.Locale;
import java.util.Optional;

/**
 * A 5-field cron expression, {@code minute hour day-of-month month day-of-week}, as Vixie cron and
 * KEDA's cron scaler read it: {@code *}, lists ({@code 1,15}), ranges ({@code 8-18}), steps
 * ({@code *}{@code /15}, {@code 8-18/2}, {@code 5/10} = 5 to the end by 10), month names
 * ({@code JAN}–{@code DEC}) and day names ({@code SUN}–{@code SAT}; 0 and 7 are both Sunday).
 * Standard cron's day rule: when both day-of-month and day-of-week are restricted (neither starts
 * with {@code *}), a day matches if <em>either</em> does ({@code 0 8 1 * MON} is the 1st and every
 * Monday); otherwise both must.
 *
 * <p>Occurrences are local times in a zone. The two daylight-saving rules (Vixie cron's):
 * <ul>
 *   <li>a local time inside a spring-forward gap happens <b>at the instant the gap ends</b>: in
 *       Europe/London on 2027-03-28 the clocks go from 01:00 GMT to 02:00 BST, so 01:30 (which does
 *       not exist) happens at 02:00 BST, 01:00Z, with 01:00 itself; in America/New_York on 2027-03-14,
 *       02:30 happens at 03:00 EDT. (java.time's {@code ZonedDateTime.of} would shift it by the gap's
 *       length, to 02:30 BST, which puts it after 02:00 BST: a window from 01:30 to 02:00 would
 *       then end before it starts and last a day. Moving to the gap's end keeps the order of the
 *       times of a day, so a window inside the gap just does not happen that day.)</li>
 *   <li>a local time inside a fall-back overlap happens <b>once, at its earlier offset</b>: on
 *       2027-10-31 London's 01:30 happens at 01:30 BST (00:30Z), not again at 01:30 GMT.</li>
 * </ul>
 * Searches go day by day (a day that does not match costs a few bit tests), and within a matching
 * day straight to the first or last matching minute, so a search over years takes microseconds.
 * Only a day with a zone transition near it is read minute by minute, each time mapped by the rules
 * above.
 */
public final class Cron {

    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
            "NOV", "DEC"};
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
    private static final long NANOS_PER_MINUTE = 60_000_000_000L;

    private final String text;
    private final String[] fields;
    private final long minutes;      // bit m: minute m
    private final long hours;        // bit h
    private final long daysOfMonth;  // bit d, 1..31
    private final long months;       // bit m, 1..12
    private final long daysOfWeek;   // bit d, 0 = Sunday .. 6
    private final boolean eitherDay; // both day fields restricted: either matches
    private final int[] minuteOfDay; // every matching minute of a matching day, ascending

    private Cron(String text, String[] fields, long minutes, long hours, long daysOfMonth, long months,
                 long daysOfWeek, boolean eitherDay) {
        this.text = text;
        this.fields = fields;
        this.minutes = minutes;
        this.hours = hours;
        this.daysOfMonth = daysOfMonth;
        this.months = months;
        this.daysOfWeek = daysOfWeek;
        this.eitherDay = eitherDay;
        this.minuteOfDay = new int[Long.bitCount(hours) * Long.bitCount(minutes)];
        int i = 0;
        for (int h = 0; h < 24; h++) {
            for (int m = 0; m < 60; m++) {
                if (bit(hours, h) && bit(minutes, m)) {
                    minuteOfDay[i++] = h * 60 + m;
                }
            }
        }
    }

    /**
     * @throws IllegalArgumentException saying which field is wrong and why, e.g. {@code hour '25': 25 is
     *                                  outside 0-23}
     */
    public static Cron parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("it is empty");
        }
        String[] f = text.strip().split("\\s+");
        if (f.length != 5) {
            throw new IllegalArgumentException("it has " + f.length + " field" + (f.length == 1 ? "" : "s") + ", not 5");
        }
        long dow = field("day-of-week", f[4], 0, 7, DAYS);
        if (bit(dow, 7)) {
            dow = (dow & ~(1L << 7)) | 1L; // 7 is Sunday too
        }
        return new Cron(String.join(" ", f), f, field("minute", f[0], 0, 59, null), field("hour", f[1], 0, 23, null),
                field("day-of-month", f[2], 1, 31, null), field("month", f[3], 1, 12, MONTHS), dow,
                !f[2].startsWith("*") && !f[4].startsWith("*"));
    }

    private static long field(String name, String text, int min, int max, String[] names) {
        long bits = 0;
        for (String item : text.split(",", -1)) {
            String problem = name + " '" + text + "': ";
            int slash = item.indexOf('/');
            String range = slash < 0 ? item : item.substring(0, slash);
            int step = 1;
            if (slash >= 0) {
                step = number(problem, item.substring(slash + 1), 1, max - min + 1, null, "a step");
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.indexOf('-') > 0) {
                int dash = range.indexOf('-');
                from = number(problem, range.substring(0, dash), min, max, names, null);
                to = number(problem, range.substring(dash + 1), min, max, names, null);
                if (from > to) {
                    throw new IllegalArgumentException(problem + "the range " + range + " runs backwards (as two: "
                            + range.substring(0, dash) + "-" + (names == null ? max : names[names.length - 1]) + ","
                            + (names == null ? min : names[0]) + "-" + range.substring(dash + 1) + ")");
                }
            } else {
                from = number(problem, range, min, max, names, null);
                to = slash < 0 ? from : max; // "5/10": from 5 to the end, every 10th
            }
            for (int v = from; v <= to; v += step) {
                bits |= 1L << v;
            }
        }
        return bits;
    }

    private static int number(String problem, String text, int min, int max, String[] names, String what) {
        if (names != null) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(text.toUpperCase(Locale.ROOT))) {
                    return names == MONTHS ? i + 1 : i;
                }
            }
        }
        String expected = (what == null ? "a number" : what) + " from " + min + " to " + max
                + (names == null ? "" : " or a name " + names[0] + "-" + names[names.length - 1]);
        if (text.isEmpty() || text.length() > 3 || !text.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException(problem + "'" + text + "' is not " + expected);
        }
        int n = Integer.parseInt(text);
        if (n < min || n > max) {
            throw new IllegalArgumentException(problem + n + " is outside " + min + "-" + max);
        }
        return n;
    }

    /** Whether the cron fires on this local day (month, and the day-of-month / day-of-week rule). */
    public boolean matchesDay(LocalDate day) {
        if (!bit(months, day.getMonthValue())) {
            return false;
        }
        boolean dom = bit(daysOfMonth, day.getDayOfMonth());
        boolean dow = bit(daysOfWeek, day.getDayOfWeek().getValue() % 7);
        return eitherDay ? dom || dow : dom && dow;
    }

    /** The first occurrence strictly after {@code t}, searching at most {@code maxDays} days ahead. */
    public Optional<Instant> nextAfter(Instant t, ZoneId zone, int maxDays) {
        if (minuteOfDay.length == 0) {
            return Optional.empty();
        }
        // from the day before: the gap rule can move a late time of one day past midnight
        LocalDate day = LocalDateTime.ofInstant(t, zone).toLocalDate().minusDays(1);
        for (int i = 0; i <= maxDays + 1; i++, day = day.plusDays(1)) {
            if (matchesDay(day)) {
                Instant found = firstInDayAfter(day, t, zone);
                if (found != null) {
                    return Optional.of(found);
                }
            }
        }
        return Optional.empty();
    }

    /** The last occurrence at or before {@code t}, searching at most {@code maxDays} days back. */
    public Optional<Instant> latestAtOrBefore(Instant t, ZoneId zone, int maxDays) {
        if (minuteOfDay.length == 0) {
            return Optional.empty();
        }
        LocalDate day = LocalDateTime.ofInstant(t, zone).toLocalDate().plusDays(1);
        for (int i = 0; i <= maxDays + 1; i++, day = day.minusDays(1)) {
            if (matchesDay(day)) {
                Instant found = lastInDayAtOrBefore(day, t, zone);
                if (found != null) {
                    return Optional.of(found);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether one of the occurrences is exactly {@code t}: the local time at {@code t} matches and
     * maps back to it, or {@code t} ends a spring-forward gap in which a matching time falls.
     */
    public boolean firesAt(Instant t, ZoneId zone) {
        LocalDateTime local = LocalDateTime.ofInstant(t, zone);
        int minute = local.getHour() * 60 + local.getMinute();
        if (local.getSecond() == 0 && local.getNano() == 0 && matchesDay(local.toLocalDate())
                && bit(hours, local.getHour()) && bit(minutes, local.getMinute())
                && at(local.toLocalDate(), minute, zone).equals(t)) {
            return true;
        }
        ZoneOffsetTransition gap = zone.getRules().nextTransition(t.minusNanos(1));
        if (gap == null || !gap.isGap() || !gap.getInstant().equals(t) || !matchesDay(gap.getDateTimeBefore().toLocalDate())) {
            return false;
        }
        // the local times skipped, [before, after), all happen at t
        for (LocalDateTime skipped = gap.getDateTimeBefore(); skipped.isBefore(gap.getDateTimeAfter());
             skipped = skipped.plusMinutes(1)) {
            if (bit(hours, skipped.getHour()) && bit(minutes, skipped.getMinute())
                    && matchesDay(skipped.toLocalDate())) {
                return true;
            }
        }
        return false;
    }

    private Instant firstInDayAfter(LocalDate day, Instant t, ZoneId zone) {
        ZoneOffset offset = steadyOffset(day, zone);
        if (offset == null) {
            Instant best = null;
            for (int minute : minuteOfDay) {
                Instant at = at(day, minute, zone);
                if (at.isAfter(t) && (best == null || at.isBefore(best))) {
                    best = at;
                }
            }
            return best;
        }
        LocalDateTime local = LocalDateTime.ofInstant(t, offset);
        int cmp = local.toLocalDate().compareTo(day);
        if (cmp > 0) {
            return null;
        }
        long after = cmp < 0 ? -1 : local.toLocalTime().toNanoOfDay();
        for (int minute : minuteOfDay) {
            if (minute * NANOS_PER_MINUTE > after) {
                return day.atTime(minute / 60, minute % 60).toInstant(offset);
            }
        }
        return null;
    }

    private Instant lastInDayAtOrBefore(LocalDate day, Instant t, ZoneId zone) {
        ZoneOffset offset = steadyOffset(day, zone);
        if (offset == null) {
            Instant best = null;
            for (int minute : minuteOfDay) {
                Instant at = at(day, minute, zone);
                if (!at.isAfter(t) && (best == null || at.isAfter(best))) {
                    best = at;
                }
            }
            return best;
        }
        LocalDateTime local = LocalDateTime.ofInstant(t, offset);
        int cmp = local.toLocalDate().compareTo(day);
        if (cmp < 0) {
            return null;
        }
        long upTo = cmp > 0 ? Long.MAX_VALUE : local.toLocalTime().toNanoOfDay();
        for (int i = minuteOfDay.length - 1; i >= 0; i--) {
            if (minuteOfDay[i] * NANOS_PER_MINUTE <= upTo) {
                return day.atTime(minuteOfDay[i] / 60, minuteOfDay[i] % 60).toInstant(offset);
            }
        }
        return null;
    }

    /** The day's one offset, or null if the zone changes offset on it (the gap and overlap rules apply). */
    private static ZoneOffset steadyOffset(LocalDate day, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        if (rules.isFixedOffset()) {
            return rules.getOffset(Instant.EPOCH);
        }
        // a local time of the day maps to an instant within 18 h (the largest offset) of the day's UTC span
        Instant from = day.atStartOfDay().toInstant(ZoneOffset.UTC).minusSeconds(18 * 3600 + 1);
        ZoneOffsetTransition next = rules.nextTransition(from);
        if (next == null) {
            return rules.getOffset(from);
        }
        return next.getInstant().isBefore(from.plusSeconds(60 * 3600 + 2)) ? null : next.getOffsetBefore();
    }

    /** A local time's instant, by the gap and overlap rules above. */
    private static Instant at(LocalDate day, int minute, ZoneId zone) {
        LocalDateTime local = day.atTime(minute / 60, minute % 60);
        ZoneOffsetTransition gap = zone.getRules().getTransition(local);
        if (gap != null && gap.isGap()) {
            return gap.getInstant();
        }
        return ZonedDateTime.ofLocal(local, zone, null).toInstant(); // null: the earlier offset in an overlap
    }

    private static boolean bit(long bits, int i) {
        return (bits & (1L << i)) != 0;
    }

    /** Minute and hour fields each a single value: the one local time of day it fires, as {@code HH:MM}. */
    public Optional<String> timeOfDay() {
        if (Long.bitCount(minutes) != 1 || Long.bitCount(hours) != 1) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "%02d:%02d", minuteOfDay[0] / 60, minuteOfDay[0] % 60));
    }

    /** The day-of-month, month and day-of-week fields as written: two crons with the same are on the same days. */
    public String dayFields() {
        return fields[2] + " " + fields[3] + " " + fields[4];
    }

    /** The days in words where that is short: {@code daily}, {@code Mon-Fri}, {@code Sat,Sun}; else the fields. */
    public String days() {
        if (fields[2].equals("*") && fields[3].equals("*")) {
            if (fields[4].equals("*")) {
                return "daily";
            }
            StringBuilder words = new StringBuilder();
            for (String item : fields[4].split(",")) {
                String[] ends = item.split("-");
                String first = dayName(ends[0]);
                String last = ends.length == 2 ? dayName(ends[1]) : "";
                if (item.contains("/") || ends.length > 2 || first == null || last == null) {
                    return "days '" + dayFields() + "'";
                }
                words.append(words.isEmpty() ? "" : ",").append(first).append(last.isEmpty() ? "" : "–" + last);
            }
            return words.toString();
        }
        return "days '" + dayFields() + "'";
    }

    private static String dayName(String field) {
        String upper = field.toUpperCase(Locale.ROOT);
        int n = !upper.isEmpty() && upper.chars().allMatch(Character::isDigit) ? Integer.parseInt(upper) % 7
                : java.util.Arrays.asList(DAYS).indexOf(upper);
        return n < 0 ? null : DAYS[n].charAt(0) + DAYS[n].substring(1).toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cron c && c.minutes == minutes && c.hours == hours && c.daysOfMonth == daysOfMonth
                && c.months == months && c.daysOfWeek == daysOfWeek && c.eitherDay == eitherDay;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(minutes * 31 + hours) * 31 + Long.hashCode(daysOfMonth ^ months ^ daysOfWeek);
    }

    /** The expression as written (fields separated by single spaces). */
    @Override
    public String toString() {
        return text;
    }
}
