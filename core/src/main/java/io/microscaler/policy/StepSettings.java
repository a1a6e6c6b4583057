package io.microscaler.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Step scaling: the breach is the stable span's metric minus the threshold; the step that contains
 * it says how many tasks to add or remove. Steps may not overlap; a breach in no step changes nothing.
 */
public record StepSettings(StepMetric metric, double threshold, List<Step> steps) {

    public StepSettings {
        if (metric == null) {
            throw new IllegalArgumentException("metric must be set");
        }
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be a number, but was " + threshold);
        }
        if (steps == null || steps.isEmpty()) {
            throw new IllegalArgumentException("steps must hold at least one step");
        }
        List<Step> sorted = new ArrayList<>(steps);
        sorted.sort(Comparator.comparingDouble(Step::lower));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).lower() < sorted.get(i - 1).upper()) {
                throw new IllegalArgumentException("steps must not overlap, but " + sorted.get(i - 1)
                        + " and " + sorted.get(i) + " do");
            }
        }
        steps = List.copyOf(sorted);
    }
}
