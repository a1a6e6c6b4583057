package io.microscaler.loadtest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load of a run, chosen by {@code -Dprofile=} and shaped by the other system properties. Rates
 * are in requests per second, as the demo's scenarios and a service's dashboards count them; they
 * become viewers arriving per second by the mean requests of a viewer's session.
 *
 * <p>A session lasts tens of seconds, so a step in arrivals alone would take about that long to
 * become a step in requests. Where a profile's rate steps (its start, a spike) the first
 * {@link #FILL_SECONDS} bring at once the viewers the new rate keeps in session (rate × mean
 * session length, Little's law) as a flash crowd does: the request rate steps within seconds.
 *
 * <pre>
 *   steady  rps (150) for duration (3m)
 *   ramp    rps (40) rising to peakRps (400) over duration (4m), then peakRps for hold (1m)
 *   spike   rps (80) for warmup (60s), then factor (5) × rps for spikeDuration (2m), then rps for cooldown (90s)
 *   trace   the rates of a second_offset,requests file: trace (path), traceFrom (0 s), traceLength (all),
 *           compress (1: ×N plays N trace seconds per second), scale (1: multiplies the rates)
 *   smoke   rps (30) for duration (30s), short sessions; at most 60 s in all
 * </pre>
 * Every profile also takes the viewer's {@code viewsMin}, {@code viewsMax}, {@code burstMin},
 * {@code burstMax}, {@code thinkMin}, {@code thinkMax}, and {@code maxDuration} (a hard stop).
 */
public final class LoadProfile {

    public static final List<String> NAMES = List.of("steady", "ramp", "spike", "trace", "smoke");
    static final Duration SMOKE_LIMIT = Duration.ofSeconds(60);
    /** How long a flash crowd takes to arrive where a profile's rate steps up. */
    static final int FILL_SECONDS = 5;

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

    /**
     * What a run injects.
     *
     * @param description one line for the start of the run
     * @param maxDuration a hard stop for the whole run, if any
     */
    public record Plan(String profile, List<InjectionStep> steps, List<Phase> phases, String description,
                       Optional<Duration> maxDuration) {
        public Plan {
            steps = List.copyOf(steps);
            phases = List.copyOf(phases);
        }

        /** Seconds of injection (sessions started last go on a little longer). */
        public int injectionSeconds() {
            return steps.stream().mapToInt(InjectionStep::seconds).sum();
        }
    }

    private final Map<String, String> properties;

    /** @param properties system properties (the profile's and the viewer's keys; others are ignored) */
    public LoadProfile(Map<String, String> properties) {
        this.properties = Map.copyOf(properties);
    }

    public String name() {
        String name = properties.getOrDefault("profile", "smoke").trim().toLowerCase(Locale.ROOT);
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("profile '" + name + "': expected one of " + String.join(", ", NAMES));
        }
        return name;
    }

    /** The viewers' behaviour: the profile's defaults with any of the viewer keys set. */
    public ViewerSettings viewer() {
        ViewerSettings base = name().equals("smoke") ? ViewerSettings.quick() : ViewerSettings.defaults();
        return base.withViews(integer("viewsMin", base.viewsMin()), integer("viewsMax", base.viewsMax()))
                .withBursts(integer("burstMin", base.burstMin()), integer("burstMax", base.burstMax()))
                .withThink(duration("thinkMin", base.thinkMin()), duration("thinkMax", base.thinkMax()));
    }

    /** @param session the viewers' mean session ({@link DeepZoomViewer#shape()}) */
    public Plan plan(DeepZoomViewer.SessionShape session) {
        String name = name();
        Plan plan = switch (name) {
            case "steady" -> steady(session);
            case "ramp" -> ramp(session);
            case "spike" -> spike(session);
            case "trace" -> trace(session.requests());
            default -> smoke(session);
        };
        Optional<Duration> limit = properties.containsKey("maxDuration")
                ? Optional.of(duration("maxDuration", Duration.ZERO)) : plan.maxDuration();
        return new Plan(plan.profile(), plan.steps(), plan.phases(), plan.description(), limit);
    }

    private Plan steady(DeepZoomViewer.SessionShape session) {
        double rps = rate("rps", 150);
        int seconds = seconds("duration", Duration.ofMinutes(3));
        return new Plan("steady", stepTo(0, rps / session.requests(), seconds, session),
                List.of(new Phase("steady", 0, seconds)),
                String.format(Locale.ROOT, "steady: %s req/s for %d s", num(rps), seconds), Optional.empty());
    }

    private Plan ramp(DeepZoomViewer.SessionShape session) {
        double from = rate("rps", 40);
        double to = rate("peakRps", 400);
        int seconds = seconds("duration", Duration.ofMinutes(4));
        int hold = secondsOrZero("hold", Duration.ofMinutes(1));
        double u0 = from / session.requests();
        double u1 = to / session.requests();
        int fill = Math.min(FILL_SECONDS, seconds);
        List<InjectionStep> steps = new ArrayList<>(List.of(new InjectionStep.Users(fillUsers(0, u0, fill, session), fill)));
        if (seconds > fill) {
            steps.add(new InjectionStep.Ramp(u0, u1, seconds - fill));
        }
        List<Phase> phases = new ArrayList<>(List.of(new Phase("ramp", 0, seconds)));
        if (hold > 0) {
            steps.add(new InjectionStep.Constant(u1, hold));
            phases.add(new Phase("peak", seconds, seconds + hold));
        }
        return new Plan("ramp", steps, phases, String.format(Locale.ROOT, "ramp: %s → %s req/s over %d s, then %d s at %s req/s",
                num(from), num(to), seconds, hold, num(to)), Optional.empty());
    }

    private Plan spike(DeepZoomViewer.SessionShape session) {
        double base = rate("rps", 80);
        double factor = rate("factor", 5);
        int warmup = seconds("warmup", Duration.ofSeconds(60));
        int spike = seconds("spikeDuration", Duration.ofMinutes(2));
        int cooldown = seconds("cooldown", Duration.ofSeconds(90));
        double u = base / session.requests();
        List<InjectionStep> steps = new ArrayList<>(stepTo(0, u, warmup, session));
        steps.addAll(stepTo(u, u * factor, spike, session));
        // Down is not a flash crowd: the extra viewers finish their sessions within about one session length
        steps.add(new InjectionStep.Constant(u, cooldown));
        return new Plan("spike", steps,
                List.of(new Phase("before", 0, warmup), new Phase("spike", warmup, warmup + spike),
                        new Phase("after", warmup + spike, warmup + spike + cooldown)),
                String.format(Locale.ROOT, "spike: %s req/s, ×%s (%s req/s) from %d s for %d s, then %s req/s for %d s",
                        num(base), num(factor), num(base * factor), warmup, spike, num(base), cooldown),
                Optional.empty());
    }

    private Plan trace(double perSession) {
        String file = properties.get("trace");
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("profile trace needs -Dtrace=FILE, a second_offset,requests CSV"
                    + " (e.g. traces/azure-llm-conv-2023-per-second.csv)");
        }
        double compress = rate("compress", 1);
        double scale = rate("scale", 1);
        TraceRates rates = TraceRates.load(Path.of(file))
                .window(integer("traceFrom", 0), integer("traceLength", 0))
                .compress(compress)
                .scale(scale);
        List<InjectionStep> steps = steps(rates.usersPerSecond(perSession));
        return new Plan("trace", steps, List.of(new Phase("trace", 0, rates.seconds())),
                String.format(Locale.ROOT, "trace %s: %d s (compressed ×%s), mean %.1f req/s, peak %.1f req/s (scale ×%s)",
                        file, rates.seconds(), num(compress), rates.mean(), rates.peak(), num(scale)), Optional.empty());
    }

    private Plan smoke(DeepZoomViewer.SessionShape session) {
        double rps = rate("rps", 30);
        int seconds = seconds("duration", Duration.ofSeconds(30));
        if (seconds > SMOKE_LIMIT.toSeconds() / 2) {
            throw new IllegalArgumentException("duration '" + properties.get("duration") + "': the smoke profile must stay"
                    + " short, expected at most " + SMOKE_LIMIT.toSeconds() / 2 + " s of arrivals");
        }
        return new Plan("smoke", stepTo(0, rps / session.requests(), seconds, session),
                List.of(new Phase("smoke", 0, seconds)),
                String.format(Locale.ROOT, "smoke: %s req/s for %d s, at most %d s in all", num(rps), seconds,
                        SMOKE_LIMIT.toSeconds()), Optional.of(SMOKE_LIMIT));
    }

    /**
     * From {@code from} to {@code to} viewers/s for {@code seconds}: first the flash crowd (the
     * viewers in session at the new rate that are not there yet, plus the new rate's own arrivals,
     * spread over {@link #FILL_SECONDS}), then the new rate.
     */
    static List<InjectionStep> stepTo(double from, double to, int seconds, DeepZoomViewer.SessionShape session) {
        int fill = Math.min(FILL_SECONDS, seconds);
        List<InjectionStep> steps = new ArrayList<>(List.of(new InjectionStep.Users(fillUsers(from, to, fill, session), fill)));
        if (seconds > fill) {
            steps.add(new InjectionStep.Constant(to, seconds - fill));
        }
        return steps;
    }

    private static int fillUsers(double from, double to, int fill, DeepZoomViewer.SessionShape session) {
        return (int) Math.round(Math.max(0, to - from) * session.seconds() + to * fill);
    }

    /** Exact per-second viewer counts as steps, runs of equal counts merged. */
    static List<InjectionStep> steps(int[] usersPerSecond) {
        List<InjectionStep> steps = new ArrayList<>();
        int i = 0;
        while (i < usersPerSecond.length) {
            int j = i;
            while (j < usersPerSecond.length && usersPerSecond[j] == usersPerSecond[i]) {
                j++;
            }
            int run = j - i;
            steps.add(usersPerSecond[i] == 0 ? new InjectionStep.Pause(run) : new InjectionStep.Users(usersPerSecond[i] * run, run));
            i = j;
        }
        return steps;
    }

    private double rate(String key, double fallback) {
        String v = properties.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (d > 0 && !Double.isInfinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " '" + v + "': expected a number > 0");
    }

    private int integer(String key, int fallback) {
        String v = properties.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i >= 0) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " '" + v + "': expected a whole number ≥ 0");
    }

    private int seconds(String key, Duration fallback) {
        int s = secondsOrZero(key, fallback);
        if (s < 1) {
            throw new IllegalArgumentException(key + " '" + properties.get(key) + "': expected at least 1 s");
        }
        return s;
    }

    private int secondsOrZero(String key, Duration fallback) {
        return (int) Math.round(duration(key, fallback).toMillis() / 1000.0);
    }

    /** A duration such as 90s, 5m, 1h, 500ms, or a plain number of seconds. */
    Duration duration(String key, Duration fallback) {
        String v = properties.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        Matcher m = DURATION.matcher(v.trim());
        if (m.matches()) {
            double n = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            double millis = switch (unit) {
                case "ms" -> n;
                case "m" -> n * 60_000;
                case "h" -> n * 3_600_000;
                default -> n * 1000;
            };
            if (millis < 24L * 3_600_000 * 30) {
                return Duration.ofMillis(Math.round(millis));
            }
        }
        throw new IllegalArgumentException(key + " '" + v + "': expected a duration such as 90s, 5m, 500ms or a number of seconds");
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
