package io.microscaler.loadtest;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gatling's own figures for the whole run, read from its console summary ("Global Information":
 * request count and p95), which is all Gatling 3.15 writes outside its HTML and binary log.
 */
public record GatlingTotals(long requests, long ok, long failed, long p95Ms) {

    /** Gatling groups thousands ("60,346"); a count it has none of is "-". */
    private static final String NUMBER = "(\\d[\\d,]*|-)";
    private static final Pattern COUNT = Pattern.compile(">\\s*request count\\s*\\|\\s*" + NUMBER + "\\s*\\|\\s*" + NUMBER
            + "\\s*\\|\\s*" + NUMBER);
    private static final Pattern P95 = Pattern.compile(">\\s*response time 95th percentile \\(ms\\)\\s*\\|\\s*" + NUMBER);

    /** From the lines of Gatling's console output: the last summary in it; empty if it has none. */
    public static Optional<GatlingTotals> parse(List<String> lines) {
        GatlingTotals found = null;
        long[] counts = null;
        for (String line : lines) {
            Matcher c = COUNT.matcher(line);
            if (c.find()) {
                counts = new long[] {number(c.group(1)), number(c.group(2)), number(c.group(3))};
                continue;
            }
            Matcher p = P95.matcher(line);
            if (p.find() && counts != null) {
                found = new GatlingTotals(counts[0], counts[1], counts[2], number(p.group(1)));
                counts = null;
            }
        }
        return Optional.ofNullable(found);
    }

    public String line() {
        return String.format(Locale.ROOT, "Gatling: %d requests, %d failed (%.2f %%), p95 %d ms over the whole run",
                requests, failed, requests == 0 ? 0 : 100.0 * failed / requests, p95Ms);
    }

    private static long number(String v) {
        return v.equals("-") ? 0 : Long.parseLong(v.replace(",", ""));
    }
}
