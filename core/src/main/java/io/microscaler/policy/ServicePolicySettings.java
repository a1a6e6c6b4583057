package io.microscaler.policy;

import io.microscaler.schedule.Schedule;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Everything that decides one service's count, as the configuration gives it.
 *
 * @param metric         target tracking's metric, always on: requests/s or concurrency per task
 * @param targetPerTask  its target per task, e.g. 100 requests/s
 * @param tolerance      no change while |metric / (tasks × target) − 1| ≤ this (default 0.1); also
 *                       applies to the latency ratio
 * @param latencyTargetMs p95 latency target; empty: no latency policy
 * @param errorGuard     refuse scale-in while the stable error ratio is above this; empty: no guard
 * @param minTasks       never fewer tasks
 * @param maxTasks       never more tasks
 * @param panic          Knative panic mode
 * @param scaleUp        HPA behaviour for scale-up
 * @param scaleDown      HPA behaviour for scale-down
 * @param step           step scaling, if configured
 * @param demand         the demand policy, if configured
 * @param backlogDrain   concurrency tracking asks for enough to work off a reported or measured
 *                       backlog within this time ({@link ConcurrencyDemand}); default 30 s
 * @param schedules      windows that replace {@code minTasks} / {@code maxTasks} while active
 *                       ({@link ScheduledBounds}); never two active at once
 * @param predictive     the predictive policy, if configured ({@link PredictiveScaling})
 */
public record ServicePolicySettings(
        TargetMetric metric,
        double targetPerTask,
        double tolerance,
        OptionalDouble latencyTargetMs,
        OptionalDouble errorGuard,
        int minTasks,
        int maxTasks,
        PanicSettings panic,
        ScalingRules scaleUp,
        ScalingRules scaleDown,
        Optional<StepSettings> step,
        Optional<DemandSettings> demand,
        Duration backlogDrain,
        List<Schedule> schedules,
        Optional<PredictiveSettings> predictive) {

    /** The default {@link #backlogDrain}: half the default stable span, see {@link ConcurrencyDemand}. */
    public static final Duration DEFAULT_BACKLOG_DRAIN = Duration.ofSeconds(30);

    public ServicePolicySettings {
        if (metric == null) {
            throw new IllegalArgumentException("metric must be set");
        }
        if (!(targetPerTask > 0) || Double.isInfinite(targetPerTask)) {
            throw new IllegalArgumentException("targetPerTask must be > 0, but was " + targetPerTask);
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be in [0, 1), but was " + tolerance);
        }
        Objects.requireNonNull(latencyTargetMs, "latencyTargetMs");
        if (latencyTargetMs.isPresent() && !(latencyTargetMs.getAsDouble() > 0)) {
            throw new IllegalArgumentException("latencyTargetMs must be > 0, but was " + latencyTargetMs.getAsDouble());
        }
        Objects.requireNonNull(errorGuard, "errorGuard");
        if (errorGuard.isPresent() && !(errorGuard.getAsDouble() >= 0 && errorGuard.getAsDouble() < 1)) {
            throw new IllegalArgumentException("errorGuard must be in [0, 1), but was " + errorGuard.getAsDouble());
        }
        if (minTasks < 0) {
            throw new IllegalArgumentException("minTasks must be >= 0, but was " + minTasks);
        }
        if (maxTasks < minTasks || maxTasks < 1) {
            throw new IllegalArgumentException(
                    "maxTasks must be >= minTasks (" + minTasks + ") and >= 1, but was " + maxTasks);
        }
        Objects.requireNonNull(panic, "panic");
        Objects.requireNonNull(scaleUp, "scaleUp");
        Objects.requireNonNull(scaleDown, "scaleDown");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(demand, "demand");
        if (backlogDrain == null || backlogDrain.isNegative() || backlogDrain.isZero()) {
            throw new IllegalArgumentException("backlogDrain must be > 0, but was " + backlogDrain);
        }
        schedules = schedules == null ? List.of() : List.copyOf(schedules);
        for (Schedule s : schedules) {
            if (s.minTasks(minTasks) > s.maxTasks(maxTasks)) {
                throw new IllegalArgumentException("schedules " + s.name() + " would set minTasks "
                        + s.minTasks(minTasks) + " above maxTasks " + s.maxTasks(maxTasks));
            }
        }
        Objects.requireNonNull(predictive, "predictive");
    }

    /** Without schedules and without the predictive policy. */
    public ServicePolicySettings(TargetMetric metric, double targetPerTask, double tolerance,
                                 OptionalDouble latencyTargetMs, OptionalDouble errorGuard, int minTasks, int maxTasks,
                                 PanicSettings panic, ScalingRules scaleUp, ScalingRules scaleDown,
                                 Optional<StepSettings> step, Optional<DemandSettings> demand, Duration backlogDrain) {
        this(metric, targetPerTask, tolerance, latencyTargetMs, errorGuard, minTasks, maxTasks, panic, scaleUp, scaleDown,
                step, demand, backlogDrain, List.of(), Optional.empty());
    }

    /**
     * Plain target tracking, as the HPA's defaults would have it: tolerance 0.1, no scale-up
     * stabilisation, 300 s scale-down stabilisation, no rate limits, no panic, no guard.
     */
    public static ServicePolicySettings targetTracking(TargetMetric metric, double targetPerTask, int minTasks,
                                                       int maxTasks) {
        return new ServicePolicySettings(metric, targetPerTask, 0.1, OptionalDouble.empty(), OptionalDouble.empty(),
                minTasks, maxTasks, PanicSettings.OFF, ScalingRules.NONE,
                ScalingRules.NONE.withStabilisation(Duration.ofSeconds(300)), Optional.empty(), Optional.empty(),
                DEFAULT_BACKLOG_DRAIN);
    }

    public ServicePolicySettings withTolerance(double t) {
        return new ServicePolicySettings(metric, targetPerTask, t, latencyTargetMs, errorGuard, minTasks, maxTasks,
                panic, scaleUp, scaleDown, step, demand, backlogDrain, schedules, predictive);
    }

    public ServicePolicySettings withLatencyTarget(double ms) {
        return new ServicePolicySettings(metric, targetPerTask, tolerance, OptionalDouble.of(ms), errorGuard,
                minTasks, maxTasks, panic, scaleUp, scaleDown, step, demand, backlogDrain, schedules, predictive);
    }

    public ServicePolicySettings withErrorGuard(double ratio) {
        return new ServicePolicySettings(metric, targetPerTask, tolerance, latencyTargetMs, OptionalDouble.of(ratio),
                minTasks, maxTasks, panic, scaleUp, scaleDown, step, demand, backlogDrain, schedules, predictive);
    }

    public ServicePolicySettings withPanic(PanicSettings p) {
        return new ServicePolicySettings(metric, targetPerTask, tolerance, latencyTargetMs, errorGuard, minTasks,
                maxTasks, p, scaleUp, scaleDown, step, demand, backlogDrain, schedules, predictive);
    }

    public ServicePolicySettings withBehaviour(ScalingRules up, ScalingRules down) {
        return new ServicePolicySettings(metric, targetPerTask, tolerance, latencyTargetMs, errorGuard, minTasks,
                maxTasks, panic, up, down, step, demand, backlogDrain, schedules, predictive);
    }

    public ServicePolicySettings withStep(StepSettings s) {
        return new ServicePolicySettings(metric, targetPerTask, tolerance, latencyTargetMs, errorGuard, minTasks,
                maxTasks, panic, scaleUp, scaleDown, Optional.of(s), demand, backlogDrain, schedules, predictive);
    }

    public ServicePolicySettings withBacklogDrain(Duration drain) {
        return new ServicePolicySettings(metric, targetPerTask, tolerance, latencyTargetMs, errorGuard, minTasks,
                maxTasks, panic, scaleUp, scaleDown, step, demand, drain, schedules, predictive);
    }

    public ServicePolicySettings withDemand(DemandSettings d) {
        return new ServicePolicySettings(metric, targetPerTask, tolerance, latencyTargetMs, errorGuard, minTasks,
                maxTasks, panic, scaleUp, scaleDown, step, Optional.of(d), backlogDrain, schedules, predictive);
    }

    public ServicePolicySettings withSchedules(List<Schedule> list) {
        return new ServicePolicySettings(metric, targetPerTask, tolerance, latencyTargetMs, errorGuard, minTasks,
                maxTasks, panic, scaleUp, scaleDown, step, demand, backlogDrain, list, predictive);
    }

    public ServicePolicySettings withPredictive(PredictiveSettings p) {
        return new ServicePolicySettings(metric, targetPerTask, tolerance, latencyTargetMs, errorGuard, minTasks,
                maxTasks, panic, scaleUp, scaleDown, step, demand, backlogDrain, schedules, Optional.of(p));
    }
}
