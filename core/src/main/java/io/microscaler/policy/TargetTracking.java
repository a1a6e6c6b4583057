package io.microscaler.policy;

import io.microscaler.decision.Inputs;
import io.microscaler.decision.Reason;
import io.microscaler.decision.Recommendation;
import io.microscaler.window.SpanStats;

/**
 * Target tracking on requests/s or concurrency per task, over the stable span (the HPA's and
 * Knative's formula): desired = ceil(total / target), or the current count while
 * |total / (current × target) − 1| ≤ tolerance.
 *
 * <p>Start-up awareness comes free: the total load over the target is the number of tasks needed
 * in all, and the current count already includes tasks that are still starting, so a load that
 * pending tasks will absorb adds nothing.
 */
final class TargetTracking {

    static final String NAME = "target-tracking";

    private TargetTracking() {
    }

    static Recommendation recommend(ServicePolicySettings s, SpanStats stable, int current, Inputs inputs) {
        MetricReading reading = MetricReading.of(s.metric(), stable, "stable", s.backlogDrain());
        double target = s.targetPerTask();
        double quotient = reading.total() / target;
        inputs.put(reading.name(), reading.total());
        inputs.put("spanSeconds", (double) reading.spanSeconds());
        inputs.put("target", target);
        inputs.put("desired", quotient);
        double ratio = Tolerance.ratio(reading.total(), current, target);
        if (Double.isFinite(ratio)) {
            inputs.put("ratio", ratio);
        }
        if (Tolerance.isWithin(reading.total(), current, target, s.tolerance())) {
            // the text only when read (issue 20): every service's evaluation every tick comes here
            return Recommendation.explained(NAME, current, Reason.WITHIN_TOLERANCE, () -> figures(reading, target, quotient)
                    + ", ratio " + Figures.fixed(ratio, 3) + " to " + Figures.tasks(current)
                    + " within tolerance " + Figures.num(s.tolerance()) + ": holding at " + current);
        }
        int desired = DesiredTasks.forTotal(reading.total(), target);
        return Recommendation.explained(NAME, desired, Reason.TARGET_TRACKING,
                () -> figures(reading, target, quotient) + " → " + Figures.tasks(desired));
    }

    /** "rps 512.0 over 60 s stable window / target 100.0 per task = 5.12". */
    private static String figures(MetricReading reading, double target, double quotient) {
        return describe(reading, target) + " = " + Figures.num(round2(quotient));
    }

    /** "rps 512.0 over 60 s stable window / target 100.0 per task". */
    static String describe(MetricReading reading, double target) {
        return reading.described() + " over " + reading.spanSeconds() + " s "
                + reading.spanName() + " window / target " + Figures.oneDecimal(target) + " per task";
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
