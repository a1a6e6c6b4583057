package io.microscaler.loadtest;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scaling timeline of a load run, joined to Gatling's report.
 *
 * <pre>
 *   sample --api http://127.0.0.1:8080 --out FILE [--service iiif] [--for-seconds 7200]
 *          [--elb-target-group NAME|ARN [--elb-endpoint URL] [--elb-region eu-west-1]]
 *       reads /api/services and /api/decisions once a second into FILE (JSON lines) until killed
 *   report --samples FILE --run-info FILE --out-dir DIR [--gatling-log FILE] [--p95-target-ms 250]
 *       writes DIR/scaling-timeline.csv and DIR/scaling-timeline.png, and prints a summary
 * </pre>
 * Exit codes: 0 done, 2 bad arguments, 1 anything else.
 */
public final class ScalingTimeline {

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true"); // the chart is drawn with no display
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || !(args[0].equals("sample") || args[0].equals("report"))) {
            err.println("usage: ScalingTimeline sample|report --option value ... (see the class comment or loadtest/README.md)");
            return 2;
        }
        Map<String, String> options;
        try {
            options = options(List.of(args).subList(1, args.length));
            return args[0].equals("sample") ? sample(options, err) : report(options, out, err);
        } catch (IllegalArgumentException e) {
            err.println("scaling timeline: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("scaling timeline: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static int sample(Map<String, String> o, PrintStream err) throws IOException, InterruptedException {
        URI api = URI.create(required(o, "api"));
        String targetGroup = o.get("elb-target-group");
        Duration limit = Duration.ofSeconds(Long.parseLong(o.getOrDefault("for-seconds", "7200")));
        try (TargetHealth health = targetGroup == null ? null
                : new TargetHealth(o.containsKey("elb-endpoint") ? URI.create(o.get("elb-endpoint")) : null,
                        o.getOrDefault("elb-region", "eu-west-1"), targetGroup)) {
            new TimelineSampler(api, o.getOrDefault("service", "iiif"), health, err)
                    .run(Path.of(required(o, "out")), Duration.ofSeconds(1), limit);
        }
        return 0;
    }

    private static int report(Map<String, String> o, PrintStream out, PrintStream err) throws IOException {
        RunInfo run = RunInfo.read(Path.of(required(o, "run-info")));
        TimelineLog.Recording recording = TimelineLog.read(Path.of(required(o, "samples")));
        Path dir = Path.of(required(o, "out-dir"));
        Files.createDirectories(dir);
        double p95Target = Double.parseDouble(o.getOrDefault("p95-target-ms", "250"));

        Timeline timeline = Timeline.join(run.startEpochMillis(), recording.samples(), recording.decisions());
        Path csv = dir.resolve("scaling-timeline.csv");
        TimelineCsv.write(timeline, csv);
        Path png = dir.resolve("scaling-timeline.png");
        try {
            TimelineChart.write(timeline, run.phases(), TimelineChart.title(run), png);
        } catch (IOException | RuntimeException | Error e) {
            // The CSV and the summary stand without it (a machine without fonts, say): say so, go on
            err.println("scaling timeline: the chart could not be drawn: " + e);
            png = null;
        }
        out.println("scaling timeline: " + recording.samples().size() + " samples, " + recording.decisions().size()
                + " decisions");
        out.println("  " + csv.toAbsolutePath());
        if (png != null) {
            out.println("  " + png.toAbsolutePath());
        }
        TimelineSummary.of(timeline, run.phases(), p95Target).lines().forEach(l -> out.println("  " + l));
        Optional<String> gatling = o.containsKey("gatling-log")
                ? GatlingTotals.parse(Files.readAllLines(Path.of(o.get("gatling-log")), StandardCharsets.UTF_8)).map(GatlingTotals::line)
                : Optional.empty();
        gatling.ifPresent(g -> out.println("  " + g));
        return 0;
    }

    static Map<String, String> options(List<String> args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String key = args.get(i);
            if (!key.startsWith("--") || i + 1 >= args.size()) {
                throw new IllegalArgumentException("expected --option value pairs, but got '" + key + "'"
                        + (i + 1 >= args.size() ? " without a value" : ""));
            }
            o.put(key.substring(2), args.get(++i));
        }
        return o;
    }

    private static String required(Map<String, String> o, String key) {
        String v = o.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return v;
    }

    private ScalingTimeline() {
    }
}
