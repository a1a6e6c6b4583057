package io.microscaler.policy;

import io.microscaler.decision.Reason;
import io.microscaler.window.SpanStats;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The message and inputs of a target-tracking decision: the figures behind it, in words for people
 * and as numbers for the audit log.
 *
 * @param reading     the metric total and the span it came from
 * @param quotient    total / target, the fractional number of tasks (5.12)
 * @param current     tasks now
 * @param beforeBounds the count after target and tolerance
 * @param recommended the count after target, tolerance and bounds, before stabilisation
 * @param to          the final count
 */
record TargetTrackingExplanation(
        MetricReading reading,
        TargetTrackingSettings settings,
        double quotient,
        int current,
        int beforeBounds,
        int recommended,
        int to,
        Reason reason) {

    /**
     * E.g. "rps 512.0 over 60 s stable window / target 100.0 per task = 5.12 → 6 tasks (from 4)".
     */
    String message() {
        String figures = String.format(Locale.ROOT, "%s %.1f over %d s %s window / target %.1f per task = %.2f",
                reading.name(), reading.total(), reading.spanSeconds(), reading.spanName(),
                settings.targetPerTask(), quotient);
        return switch (reason) {
            case WITHIN_TOLERANCE -> figures + String.format(Locale.ROOT,
                    ", ratio %.3f to %s within tolerance %.2f: holding at %d",
                    Tolerance.ratio(reading.total(), current, settings.targetPerTask()),
                    tasks(current), settings.tolerance(), to);
            case BOUNDED_BY_MIN -> figures + " → " + tasks(beforeBounds)
                    + ", raised to min " + settings.minTasks() + " (from " + current + ")";
            case BOUNDED_BY_MAX -> figures + " → " + tasks(beforeBounds)
                    + ", capped at max " + settings.maxTasks() + " (from " + current + ")";
            case SCALE_DOWN_STABILISED -> figures + "; recommended " + recommended + " but held at " + to
                    + ": highest recommendation in the " + settings.scaleDownStabilisation().toSeconds()
                    + " s scale-down stabilisation window";
            default -> figures + " → " + tasks(to) + " (from " + current + ")";
        };
    }

    Map<String, Double> inputs(SpanStats span) {
        Map<String, Double> inputs = new LinkedHashMap<>();
        inputs.put(reading.name(), reading.total());
        inputs.put("spanSeconds", (double) reading.spanSeconds());
        inputs.put("target", settings.targetPerTask());
        inputs.put("tasks", (double) current);
        inputs.put("desired", quotient);
        putIfFinite(inputs, "ratio", Tolerance.ratio(reading.total(), current, settings.targetPerTask()));
        inputs.put("recommended", (double) recommended);
        putIfFinite(inputs, "p95Ms", span.p95Ms()); // NaN has no JSON form: left out when no latency
        inputs.put("errorRatio", span.errorRatio());
        return inputs;
    }

    private static String tasks(int n) {
        return n == 1 ? "1 task" : n + " tasks";
    }

    private static void putIfFinite(Map<String, Double> inputs, String key, double value) {
        if (Double.isFinite(value)) {
            inputs.put(key, value);
        }
    }
}
