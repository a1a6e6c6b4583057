package io.microscaler.policy;

import io.microscaler.decision.Inputs;
import io.microscaler.decision.Reason;
import io.microscaler.decision.Recommendation;
import io.microscaler.window.WindowSnapshot;
import java.util.Optional;

/**
 * AWS step scaling: the breach is the metric minus the threshold; the step whose [lower, upper)
 * holds it adds or removes a count or a percent of the current tasks. A breach below every step,
 * or a metric with no value, makes no recommendation. A breach in no step but above a step that
 * removes tasks holds the current count: the scale-in steps say it is not time to scale in, and
 * dropping out there would let another policy's lower count win only because the load rose (with
 * less load, the scale-in step's gentler count would have won): more load must never mean fewer tasks.
 * For the same reason a breach never changes the count less than a step wholly below it would (a
 * percentage of 0 tasks is 0 tasks: "+2 below 100, +141 % above" at 0 tasks).
 *
 * <p>Start-up awareness, as AWS's instance warm-up: while tasks are still starting, a step that
 * would add tasks holds the current count instead; the breach was measured without the tasks on
 * their way, and adding for it again every evaluation would overshoot.
 */
final class StepScaling {

    static final String NAME = "step";

    private StepScaling() {
    }

    static Optional<Recommendation> recommend(StepSettings s, WindowSnapshot w, Capacity c, Inputs inputs) {
        double value = s.metric().read(w, c.running());
        if (Double.isNaN(value)) {
            return Optional.empty();
        }
        double breach = value - s.threshold();
        inputs.put("stepMetric", value);
        inputs.put("stepBreach", breach);
        Step step = s.steps().stream().filter(st -> st.contains(breach)).findFirst().orElse(null);
        int current = c.desired();
        if (step == null) {
            Step below = s.steps().stream().filter(st -> st.upper() <= breach)
                    .max(java.util.Comparator.comparingDouble(Step::upper)).orElse(null);
            if (below == null || below.change(current) >= 0) {
                return Optional.empty();
            }
            return Optional.of(new Recommendation(NAME, current, Reason.STEP, "step: " + s.metric().configName() + " "
                    + Figures.num(round2(value)) + " − threshold " + Figures.num(s.threshold()) + " = breach "
                    + Figures.num(round2(breach)) + ", above the scale-in step " + below + ": holding at " + current));
        }
        int change = step.change(current);
        String figures = "step: " + s.metric().configName() + " " + Figures.num(round2(value)) + " − threshold "
                + Figures.num(s.threshold()) + " = breach " + Figures.num(round2(breach)) + " in " + step;
        // a step wholly below the breach that changes more (a smaller breach's step): a percent of 0
        // tasks is 0, so "+2 below 100, +141 % above" would start fewer tasks for the larger breach
        Step below = stepAskingMoreBelow(s, breach, current, change);
        if (below != null) {
            figures += " (" + Figures.signed(change) + "); the step below, " + below + ", asks "
                    + Figures.signed(below.change(current)) + ": a larger breach never asks for less";
            change = below.change(current);
        }
        if (change > 0 && c.pending() > 0) {
            return Optional.of(new Recommendation(NAME, current, Reason.STEP, figures + ", but "
                    + Figures.tasks(c.pending()) + " still starting: holding at " + current));
        }
        int count = Math.max(0, current + change);
        return Optional.of(new Recommendation(NAME, count, Reason.STEP, figures + " → " + Figures.tasks(count)));
    }

    /** The step below the breach that changes {@code current} the most, if more than {@code change}. */
    private static Step stepAskingMoreBelow(StepSettings s, double breach, int current, int change) {
        Step most = null;
        for (Step st : s.steps()) {
            if (st.upper() <= breach && st.change(current) > (most == null ? change : most.change(current))) {
                most = st;
            }
        }
        return most;
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
