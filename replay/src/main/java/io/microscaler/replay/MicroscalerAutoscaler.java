package io.microscaler.replay;

import io.microscaler.config.ConfigLoader;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.config.ServiceConfig;
import io.microscaler.decision.Decision;
import io.microscaler.policy.Capacity;
import io.microscaler.policy.Evaluation;
import io.microscaler.policy.ServicePolicy;
import io.microscaler.policy.ServiceState;
import io.microscaler.replay.model.Autoscaler;
import io.microscaler.replay.model.SecondSample;
import io.microscaler.replay.model.ServiceModel;
import io.microscaler.replay.model.TaskCounts;
import io.microscaler.window.ServiceWindow;
import io.microscaler.window.WindowSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Microscaler's own code under replay: the real {@link ServiceWindow} fed one event per request,
 * and the real {@link ServicePolicy} deciding on its snapshot every simulated second, as
 * {@code ingest.ServiceEvaluator} does live:
 * {@code policy.decide(window.snapshot(now), state, now)}, the returned memory kept for the next
 * tick. The task counts the policy is told are the model's (desired, running, pending), as the
 * actuator's read-back would report them; the decided count is applied at once (the actuator's
 * {@code UpdateService} takes milliseconds against the tasks' 20 s start).
 *
 * <h2>Settings</h2>
 * The project's defaults ({@code config.Defaults}: tolerance 0.1, panic at 2×, 60 s / 6 s windows,
 * 300 s scale-down stabilisation, error guard 0.1, no rate limits or cooldowns), with the per-service
 * values the demo's image server sets ({@code metric: concurrency}, a {@code latencyTarget}), each
 * derived from the model by a stated rule rather than chosen:
 * <ul>
 *   <li>{@code target} = the shared rule, 70 % of a task's concurrency: 2.8;</li>
 *   <li>{@code latencyTarget} = the SLO the replay scores against (250 ms by default);</li>
 *   <li>{@code minTasks}, {@code maxTasks} = the model's bounds.</li>
 * </ul>
 * They go through {@link ConfigLoader}, so they are validated exactly as a YAML file's would be;
 * {@code --microscaler-config FILE} replays one's own settings instead (its {@code services.replay.*}).
 *
 * <p>Servers also send a zero-count summary each second, the heartbeat that tells "no traffic" from
 * "no data" (without it a quiet night would read as a stale window and the policy would hold), with
 * the requests waiting at its end ({@code queued}); request events carry their time at work
 * ({@code serviceMs}): what a server that knows its own queue reports.
 * Simulated time starts at {@link #EPOCH}.
 */
public final class MicroscalerAutoscaler implements Autoscaler {

    public static final String NAME = "microscaler";
    static final String SERVICE = "replay";
    /** Simulated second 0; any instant would do, a real-looking one keeps logs and messages readable. */
    static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");

    private final ServiceWindow window;
    private final ServicePolicy policy;
    private ServiceState state = ServiceState.initial(SERVICE);
    private Decision lastDecision;
    private long forecastSeconds;
    private long trustedSeconds;
    private long predictiveSeconds;
    private long predictiveRaises;

    MicroscalerAutoscaler(ServiceConfig service, WindowSettings windows) {
        this.window = new ServiceWindow(SERVICE, windows, service.policy().predictive()
                .map(p -> io.microscaler.forecast.LoadForecaster.withDefaults(p.horizon())).orElse(null));
        this.policy = new ServicePolicy(service.policy());
    }

    /**
     * Microscaler as the replay configures it for {@code model}, scored against {@code sloMs}.
     *
     * @param configFile a YAML file whose {@code services.replay.*} keys (and {@code windows.*}) win over
     *                   the values derived from the model, to replay one's own settings; null for none
     */
    public static MicroscalerAutoscaler forModel(ServiceModel model, long sloMs, Path configFile) {
        MicroscalerConfig config = ConfigLoader.load(configFile, Map.of(), overrides(model, sloMs));
        return new MicroscalerAutoscaler(config.services().get(SERVICE), config.windows());
    }

    /**
     * The values the replay derives, as {@code serviceDefaults} so that a file's
     * {@code services.replay.*} still wins over them; everything else keeps the project's defaults.
     */
    static Map<String, String> overrides(ServiceModel model, long sloMs) {
        String prefix = "serviceDefaults.";
        return Map.of(
                "services", SERVICE,
                prefix + "metric", "concurrency",
                prefix + "target", String.format(Locale.ROOT, "%.6f", model.targetConcurrencyPerTask()),
                prefix + "latencyTarget", sloMs + "ms",
                prefix + "minTasks", String.valueOf(model.minTasks()),
                prefix + "maxTasks", String.valueOf(model.maxTasks()),
                prefix + "initialTasks", String.valueOf(model.minTasks()));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void onRequest(double atSeconds, double latencyMs, double serviceMs, boolean dropped) {
        long ts = EPOCH.toEpochMilli() + Math.round(atSeconds * 1000);
        Instant now = Instant.ofEpochMilli(ts);
        long latency = Math.round(latencyMs);
        // a refused request did no work: it has no time at work to report (0 would dilute the mean)
        long atWork = dropped ? ServiceWindow.UNREPORTED : Math.min(latency, Math.round(serviceMs));
        window.recordRequest(ts, latency, atWork, dropped ? 503 : 200, 0, now);
    }

    @Override
    public void onSecond(SecondSample sample) {
        long ts = EPOCH.toEpochMilli() + (sample.second() + 1) * 1000;
        // the servers' per-second heartbeat, carrying their backlog as summaries do (queued)
        window.recordSummary(ts, 1000, 0, 0, 0, 0, 0, 0, sample.waiting(), Instant.ofEpochMilli(ts));
    }

    @Override
    public int desired(long second, TaskCounts counts) {
        Instant now = EPOCH.plus(Duration.ofSeconds(second));
        state = state.withCapacity(new Capacity(counts.desired(), counts.running(), counts.pending()));
        var snapshot = window.snapshot(now);
        Evaluation evaluation = policy.decide(snapshot, state, now);
        state = state.withMemory(evaluation.next());
        lastDecision = evaluation.decision();
        count(snapshot, lastDecision);
        return lastDecision.to();
    }

    private void count(io.microscaler.window.WindowSnapshot snapshot, Decision decision) {
        if (snapshot.forecast().isEmpty()) {
            return;
        }
        forecastSeconds++;
        if (snapshot.forecast().get().verdict().trusted()) {
            trustedSeconds++;
        }
        if (io.microscaler.policy.PredictiveScaling.NAME.equals(decision.policy())) {
            predictiveSeconds++;
            if (decision.to() > decision.from()) {
                predictiveRaises++;
            }
        }
    }

    /** For a predictive service: how often the forecast existed, was trusted, and set the count. */
    @Override
    public String notes() {
        if (forecastSeconds == 0) {
            return "";
        }
        return String.format(Locale.ROOT, "%s: a forecast in %,d s, trusted in %,d s (%.0f %%); the predictive policy"
                + " set the count in %,d s (%.1f %% of the trusted), %,d of them raises%n", NAME, forecastSeconds,
                trustedSeconds, 100.0 * trustedSeconds / forecastSeconds, predictiveSeconds,
                trustedSeconds == 0 ? 0 : 100.0 * predictiveSeconds / trustedSeconds, predictiveRaises);
    }

    /** The last decision, with its reason and figures (for tests and debugging). */
    Decision lastDecision() {
        return lastDecision;
    }

    public ServicePolicy policy() {
        return policy;
    }
}
