package io.microscaler.policy;

import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import io.microscaler.window.WindowSnapshot;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Policy v1: hold one metric (requests/s or concurrency per task) at its target, read over the
 * stable span. The steps, each its own table-tested function, in the order the HPA normalises:
 * <ol>
 *   <li>{@link HoldConditions}: warming, unknown window or unknown task count → hold;</li>
 *   <li>{@link DesiredTasks}: ceil(total / target) — 512 req/s at 100 per task → 6;</li>
 *   <li>{@link Tolerance}: within ±tolerance of the target on the current tasks → keep them;</li>
 *   <li>{@link TaskBounds}: clamp to [min, max];</li>
 *   <li>{@link ScaleDownStabilisation}: scale in only to the highest recommendation of the window.</li>
 * </ol>
 * The reason is the last step that shaped the count. Pure: time only from {@code now}; the
 * stabilisation history comes in with the state and goes out as the next memory.
 */
public final class TargetTrackingPolicy implements ScalingPolicy {

    public static final String NAME = "target-tracking";
    static final String STABLE_SPAN = "stable";

    private final TargetTrackingSettings settings;

    public TargetTrackingPolicy(TargetTrackingSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public TargetTrackingSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Evaluation decide(WindowSnapshot window, ServiceState state, Instant now) {
        Optional<Decision> hold = HoldConditions.check(window, state, now, NAME);
        if (hold.isPresent()) {
            return new Evaluation(hold.get(), state.memory()); // nothing recommended: history unchanged
        }
        int current = state.capacity().desired();
        MetricReading reading = MetricReading.of(settings.metric(), window.stable(), STABLE_SPAN);
        double target = settings.targetPerTask();

        int desired = DesiredTasks.forTotal(reading.total(), target);
        Reason reason = Reason.TARGET_TRACKING;
        int recommended = desired;
        if (Tolerance.isWithin(reading.total(), current, target, settings.tolerance())) {
            recommended = current;
            reason = Reason.WITHIN_TOLERANCE;
        }
        TaskBounds.Bounded bounded = TaskBounds.clamp(recommended, settings.minTasks(), settings.maxTasks());
        if (bounded.changed()) {
            reason = bounded.reason();
        }
        ScaleDownStabilisation.Stabilised stabilised = ScaleDownStabilisation.apply(
                state.memory().recommendations(), bounded.count(), current, now, settings.scaleDownStabilisation());
        if (stabilised.held()) {
            reason = Reason.SCALE_DOWN_STABILISED;
        }

        TargetTrackingExplanation why = new TargetTrackingExplanation(reading, settings, reading.total() / target,
                current, recommended, bounded.count(), stabilised.count(), reason);
        Decision decision = new Decision(state.service(), now, 0, current, stabilised.count(), NAME, reason,
                why.message(), why.inputs(window.stable()));
        return new Evaluation(decision, new PolicyMemory(stabilised.history()));
    }
}
