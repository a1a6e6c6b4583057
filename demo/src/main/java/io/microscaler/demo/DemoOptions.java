package io.microscaler.demo;

import io.microscaler.service.RunOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The options of {@code microscaler demo}, parsed and checked. A bad option is refused with what
 * was given and what is expected, before anything starts.
 *
 * @param scenario     {@code steady}, {@code spike}, {@code diurnal}, {@code trace:FILE}, one of the
 *                     cluster demos {@code contention}, {@code spot} and {@code rebalance}, or
 *                     {@code scale-to-zero}
 * @param scale        multiplies the scenario's request rate (> 0)
 * @param duration     the demo stops by itself after this long
 * @param httpPort     the autoscaler's HTTP API (/api, /metrics)
 * @param lbPort       the demo load balancer, where traffic goes (Gatling's target with {@code --traffic external})
 * @param traffic      {@code builtin}: the demo generates the load; {@code external}: something else does
 * @param configFile   autoscaler configuration to start from, or null for the demo's own
 */
public record DemoOptions(String scenario, double scale, Duration duration, int httpPort, int lbPort,
                          Traffic traffic, Path configFile) {

    public enum Traffic { BUILTIN, EXTERNAL }

    public static final String USAGE = """
            Options for demo:
              --scenario S     steady | spike | diurnal | trace:FILE (a second_offset,requests CSV, as in
                               traces/) | contention | spot | rebalance (a shared cluster:
                               priorities, instance scaling, spot interruptions and
                               rebalance recommendations) | scale-to-zero (a queue
                               worker at 0 tasks woken twice by jobs: its cold starts);
                               default spike
              --scale X        multiply the scenario's requests/s by X (> 0); default 1
              --duration D     stop after D (e.g. 90s, 5m); default 180s
              --http-port N    the autoscaler's HTTP API (/api/services, /metrics); default 8080
              --lb-port N      the demo load balancer that traffic goes to; default 8081
              --traffic T      builtin (the demo generates load) | external (e.g. Gatling); default builtin
              --config FILE    start from this autoscaler configuration instead of the demo's own
            """;

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    public static DemoOptions defaults() {
        return new DemoOptions("spike", 1.0, Duration.ofSeconds(180), 8080, 8081, Traffic.BUILTIN, null);
    }

    /** Parses the arguments after {@code demo}; throws {@link IllegalArgumentException} with a message for the user. */
    public static DemoOptions parse(List<String> args) {
        DemoOptions o = defaults();
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args.get(++i);
            o = switch (option) {
                case "--scenario" -> o.with(scenario(value), o.scale, o.duration, o.httpPort, o.lbPort, o.traffic, o.configFile);
                case "--scale" -> o.with(o.scenario, scale(value), o.duration, o.httpPort, o.lbPort, o.traffic, o.configFile);
                case "--duration" -> o.with(o.scenario, o.scale, duration(value), o.httpPort, o.lbPort, o.traffic, o.configFile);
                case "--http-port" -> o.with(o.scenario, o.scale, o.duration, RunOptions.port(option, value), o.lbPort, o.traffic, o.configFile);
                case "--lb-port" -> o.with(o.scenario, o.scale, o.duration, o.httpPort, RunOptions.port(option, value), o.traffic, o.configFile);
                case "--traffic" -> o.with(o.scenario, o.scale, o.duration, o.httpPort, o.lbPort, traffic(value), o.configFile);
                case "--config" -> o.with(o.scenario, o.scale, o.duration, o.httpPort, o.lbPort, o.traffic, Path.of(value));
                default -> throw new IllegalArgumentException("unknown option '" + option + "'");
            };
        }
        if (ZeroDemo.handles(o.scenario) && (o.traffic != Traffic.BUILTIN || o.scale != 1)) {
            // its load is its queue's jobs, not requests: an option that would be ignored is refused
            throw new IllegalArgumentException("--scenario scale-to-zero takes no " + (o.traffic != Traffic.BUILTIN
                    ? "--traffic external" : "--scale") + ": its load is a queue's jobs, not requests");
        }
        return o;
    }

    private DemoOptions with(String scenario, double scale, Duration duration, int httpPort, int lbPort,
                             Traffic traffic, Path configFile) {
        return new DemoOptions(scenario, scale, duration, httpPort, lbPort, traffic, configFile);
    }

    private static String scenario(String value) {
        if (List.of("steady", "spike", "diurnal", ClusterDemo.CONTENTION, ClusterDemo.SPOT,
                ClusterDemo.REBALANCE, ZeroDemo.SCENARIO).contains(value)
                || (value.startsWith("trace:") && value.length() > "trace:".length())) {
            return value;
        }
        throw new IllegalArgumentException("--scenario '" + value
                + "': expected steady, spike, diurnal, trace:FILE, contention, spot, rebalance or scale-to-zero");
    }

    private static double scale(String value) {
        try {
            double scale = Double.parseDouble(value);
            if (scale > 0 && !Double.isInfinite(scale)) {
                return scale;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--scale '" + value + "': expected a number > 0, e.g. 2 or 0.5");
    }

    static Duration duration(String value) {
        Matcher m = DURATION.matcher(value.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
            if (!d.isZero()) {
                return d;
            }
        }
        throw new IllegalArgumentException("--duration '" + value + "': expected a positive duration with a unit, e.g. 90s or 5m");
    }

    private static Traffic traffic(String value) {
        try {
            return Traffic.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--traffic '" + value + "': expected builtin or external");
        }
    }
}
