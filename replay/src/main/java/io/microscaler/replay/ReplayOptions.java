package io.microscaler.replay;

import io.microscaler.replay.model.ServiceModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The options of {@code microscaler replay}. Every bad value is an {@link IllegalArgumentException}
 * naming the option, the value and what was expected.
 *
 * @param trace    the trace file ({@code second_offset,requests})
 * @param scale    multiplies the trace's counts
 * @param policies which policies to replay, in table order
 * @param sloMs    the p95 latency objective each second is judged against
 * @param out      the folder for scores.csv, timeline.csv and the chart; null: target/replay/&lt;trace&gt;
 * @param model    the service model
 * @param seed     seeds the arrival instants, service times and fractional scaling
 * @param microscalerConfig a YAML file with microscaler's settings to replay ({@code services.replay.*}),
 *                 or null for the values derived from the model
 * @param sweep    target utilisations to sweep every policy over ({@code --sweep}); empty: no sweep
 */
public record ReplayOptions(Path trace, double scale, List<String> policies, long sloMs, Path out,
                            ServiceModel model, long seed, Path microscalerConfig, List<Double> sweep) {

    public ReplayOptions {
        policies = List.copyOf(policies);
        sweep = List.copyOf(sweep);
    }

    /** The same options with another model (a sweep's point). */
    public ReplayOptions withModel(ServiceModel m) {
        return new ReplayOptions(trace, scale, policies, sloMs, out, m, seed, microscalerConfig, sweep);
    }

    /** Every policy the replay knows, in table order. */
    public static final List<String> ALL_POLICIES = List.of("microscaler", "aws-target-tracking", "hpa", "knative");

    public static final long DEFAULT_SLO_MS = 250;

    public static final String USAGE = """
            Options for replay (scaling quality on a request trace, in simulated time):
              --trace FILE             second_offset,requests CSV, e.g. traces/nasa-http-1995-07-10-week.csv
              --scale X                multiply the trace's counts (default 1; fractions rounded stochastically)
              --policies a,b,...       microscaler, aws-target-tracking, hpa, knative (default: all)
              --slo-ms N               p95 latency objective per second (default 250)
              --out DIR                where scores.csv, timeline.csv and replay.png go
                                       (default target/replay/<trace name>)
              --start-delay SECONDS    from asking for a task to it serving (default 20, EC2-backed ECS)
              --fargate                tasks start in 60 s, as on Fargate
              --min N, --max N         task bounds (default 1 and 20)
              --task-concurrency N     requests a task serves at once (default 4)
              --service-time-ms N      mean service time of a request (default 40)
              --service-time-jitter X  service time = mean × (1 ± X), uniform (default 0.25)
              --queue-per-task N       requests waiting per running task before drops (default 100)
              --target-utilisation X   share of a task's capacity every policy aims for (default 0.7)
              --seed N                 random seed (default 1)
              --sweep                  every policy over its target utilisation 40 %..90 %: sweep.csv, pareto.png
                                       (task-seconds against SLO-violation seconds) and the frontier check
              --sweep-points a,b,...   the utilisations to sweep instead, each in (0, 1]
              --microscaler-config F   YAML whose services.replay.* (and windows.*) keys replace microscaler's
                                       derived settings (metric concurrency, target 70 % of a task's
                                       concurrency, latencyTarget = the SLO, the model's bounds)
            """;

    /** Parses the arguments after {@code replay}. */
    public static ReplayOptions parse(List<String> args) {
        Path trace = null;
        double scale = 1;
        List<String> policies = ALL_POLICIES;
        long slo = DEFAULT_SLO_MS;
        Path out = null;
        long seed = 1;
        Path microscalerConfig = null;
        ServiceModel m = ServiceModel.DEFAULTS;
        Integer startDelay = null;
        boolean fargate = false;
        int min = m.minTasks();
        int max = m.maxTasks();
        int concurrency = m.concurrency();
        double serviceTime = m.serviceTimeMs();
        double jitter = m.jitter();
        int queue = m.queuePerTask();
        double utilisation = m.targetUtilisation();
        List<Double> sweep = List.of();
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (option.equals("--fargate")) {
                fargate = true;
                continue;
            }
            if (option.equals("--sweep")) {
                sweep = sweep.isEmpty() ? Sweep.DEFAULT_UTILISATIONS : sweep;
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args.get(++i);
            switch (option) {
                case "--trace" -> trace = Path.of(value);
                case "--scale" -> {
                    scale = decimal(option, value, "a number > 0, e.g. 20 or 0.5");
                    if (!(scale > 0)) {
                        throw new IllegalArgumentException("--scale '" + value + "': expected a number > 0, e.g. 20 or 0.5");
                    }
                }
                case "--policies" -> policies = policies(value);
                case "--slo-ms" -> slo = whole(option, value, 1, "a whole number of milliseconds >= 1, e.g. 250");
                case "--out" -> out = Path.of(value);
                case "--start-delay" -> startDelay = (int) whole(option, value, 0, "a whole number of seconds >= 0");
                case "--min" -> min = (int) whole(option, value, 1, "a whole number >= 1");
                case "--max" -> max = (int) whole(option, value, 1, "a whole number >= 1");
                case "--task-concurrency" -> concurrency = (int) whole(option, value, 1, "a whole number >= 1");
                case "--service-time-ms" -> serviceTime = decimal(option, value, "a number of milliseconds > 0");
                case "--service-time-jitter" -> jitter = decimal(option, value, "a number in [0, 1), e.g. 0.25");
                case "--queue-per-task" -> queue = (int) whole(option, value, 0, "a whole number >= 0");
                case "--target-utilisation" -> utilisation = decimal(option, value, "a number in (0, 1], e.g. 0.7");
                case "--microscaler-config" -> microscalerConfig = Path.of(value);
                case "--seed" -> seed = whole(option, value, Long.MIN_VALUE, "a whole number");
                case "--sweep-points" -> sweep = utilisations(option, value);
                default -> throw new IllegalArgumentException("unknown option '" + option + "' for replay");
            }
        }
        if (trace == null) {
            throw new IllegalArgumentException("replay needs --trace FILE, e.g. --trace traces/"
                    + "azure-llm-conv-2023-per-second.csv");
        }
        if (fargate && startDelay != null) {
            throw new IllegalArgumentException("--fargate sets the start delay to " + ServiceModel.FARGATE_START_SECONDS
                    + " s: give --fargate or --start-delay, not both");
        }
        int start = fargate ? ServiceModel.FARGATE_START_SECONDS
                : startDelay != null ? startDelay : ServiceModel.EC2_START_SECONDS;
        ServiceModel model = new ServiceModel(concurrency, serviceTime, jitter, queue, start, min, max, utilisation);
        return new ReplayOptions(trace, scale, policies, slo, out, model, seed, microscalerConfig, sweep);
    }

    /** The output folder: --out, or target/replay/&lt;trace name&gt;. */
    public Path outputFolder(String traceName) {
        return out != null ? out : Path.of("target", "replay", traceName);
    }

    private static List<String> policies(String value) {
        Set<String> chosen = new LinkedHashSet<>();
        for (String p : value.split(",", -1)) {
            String name = p.strip();
            if (name.equals("all")) {
                chosen.addAll(ALL_POLICIES);
            } else if (ALL_POLICIES.contains(name)) {
                chosen.add(name);
            } else {
                throw new IllegalArgumentException("--policies '" + value + "': unknown policy '" + name
                        + "', expected a comma-separated list of " + String.join(", ", ALL_POLICIES) + " (or all)");
            }
        }
        return new ArrayList<>(chosen);
    }

    private static List<Double> utilisations(String option, String value) {
        List<Double> points = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            double u = decimal(option, part.strip(), "a comma-separated list of numbers in (0, 1], e.g. 0.5,0.7,0.9");
            if (!(u > 0 && u <= 1)) {
                throw new IllegalArgumentException(option + " '" + value + "': expected a comma-separated list of numbers"
                        + " in (0, 1], e.g. 0.5,0.7,0.9");
            }
            points.add(u);
        }
        return points;
    }

    private static double decimal(String option, String value, String expected) {
        try {
            double d = Double.parseDouble(value);
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " '" + value + "': expected " + expected);
    }

    private static long whole(String option, String value, long min, String expected) {
        try {
            long v = Long.parseLong(value);
            if (v >= min) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " '" + value + "': expected " + expected);
    }
}
