package io.microscaler.loadtest;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The timeline as CSV, one row a sample: the second on the load's axis, the wall clock, the load
 * and p95 the autoscaler saw, the task counts, and the decisions published since the row before
 * ("2→6 panic/scale-up-limit: message", several joined by " | "). Empty cells are no data.
 */
public final class TimelineCsv {

    static final String HEADER = "second,epoch_ms,state,rps_6s,p95_ms_6s,rps_stable,p95_ms_stable,desired,running,pending,"
            + "healthy,decisions";

    public static void write(Timeline timeline, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.write('\n');
            for (Timeline.Row row : timeline.rows()) {
                w.write(line(row));
                w.write('\n');
            }
        }
    }

    static String line(Timeline.Row row) {
        TimelineSample s = row.sample();
        String decisions = row.decisions().stream().map(d -> d.label() + ": " + d.message()).collect(Collectors.joining(" | "));
        return String.join(",", String.format(Locale.ROOT, "%.1f", row.second()), Long.toString(s.epochMillis()),
                quote(s.state()), number(s.rps()), number(s.p95Ms()), number(s.rpsStable()), number(s.p95StableMs()),
                count(s.desired()), count(s.running()), count(s.pending()), count(s.healthy()), quote(decisions));
    }

    private static String number(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String count(OptionalInt v) {
        return v.isPresent() ? Integer.toString(v.getAsInt()) : "";
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
    static String quote(String v) {
        if (v.isEmpty() || v.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
            return v;
        }
        return '"' + v.replace("\"", "\"\"") + '"';
    }

    private TimelineCsv() {
    }
}
