package io.microscaler.replay.report;

import io.microscaler.replay.model.Timeline;
import io.microscaler.replay.score.Scores;
import io.microscaler.replay.trace.Trace;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The replay's CSV files: {@code scores.csv}, one row per policy, and {@code timeline.csv}, one row
 * per second with the offered load and each policy's tasks, drops and p95 side by side. A p95 is
 * empty for a second without requests and {@code inf} when more than 5 % of its requests were dropped.
 */
public final class ReplayCsv {

    private ReplayCsv() {
    }

    public static void writeScores(Path file, Trace trace, long sloMs, List<Scores> scores) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("trace,scale,slo_ms,policy,violation_seconds,dropped_requests,task_seconds,mean_tasks,"
                    + "scaling_actions,peak_under,peak_over,requests,seconds\n");
            for (Scores s : scores) {
                w.write(String.format(Locale.ROOT, "%s,%s,%d,%s,%d,%d,%d,%.4f,%d,%d,%d,%d,%d%n", trace.name(),
                        trace.scale(), sloMs, s.policy(), s.violationSeconds(), s.droppedRequests(), s.taskSeconds(),
                        s.meanTasks(), s.scalingActions(), s.peakUnder(), s.peakOver(), s.requests(), s.seconds()));
            }
        }
    }

    /** One point of a sweep: a policy at one target utilisation. */
    public record SweepRow(double utilisation, boolean isDefault, Scores scores) {
    }

    /** {@code sweep.csv}: one row per policy and utilisation. */
    public static void writeSweep(Path file, Trace trace, long sloMs, List<SweepRow> rows) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("trace,scale,slo_ms,policy,utilisation,default,violation_seconds,dropped_requests,task_seconds,"
                    + "scaling_actions\n");
            for (SweepRow r : rows) {
                Scores s = r.scores();
                w.write(String.format(Locale.ROOT, "%s,%s,%d,%s,%.2f,%b,%d,%d,%d,%d%n", trace.name(), trace.scale(), sloMs,
                        s.policy(), r.utilisation(), r.isDefault(), s.violationSeconds(), s.droppedRequests(),
                        s.taskSeconds(), s.scalingActions()));
            }
        }
    }

    public static void writeTimeline(Path file, List<Timeline> timelines) throws IOException {
        if (timelines.isEmpty()) {
            return;
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder header = new StringBuilder("second,offered");
            for (Timeline t : timelines) {
                String p = t.policy();
                header.append(',').append(p).append("_desired,").append(p).append("_running,").append(p)
                        .append("_pending,").append(p).append("_dropped,").append(p).append("_p95_ms");
            }
            w.write(header.append('\n').toString());
            StringBuilder row = new StringBuilder(128);
            int seconds = timelines.get(0).seconds();
            for (int s = 0; s < seconds; s++) {
                row.setLength(0);
                row.append(s).append(',').append(timelines.get(0).offered(s));
                for (Timeline t : timelines) {
                    row.append(',').append(t.desired(s)).append(',').append(t.running(s)).append(',')
                            .append(t.pending(s)).append(',').append(t.dropped(s)).append(',');
                    appendP95(row, t.p95Ms(s));
                }
                w.write(row.append('\n').toString());
            }
        }
    }

    private static void appendP95(StringBuilder row, float p95) {
        if (Float.isNaN(p95)) {
            return;
        }
        if (Float.isInfinite(p95)) {
            row.append("inf");
            return;
        }
        row.append(Math.round(p95 * 10) / 10.0);
    }
}
