package io.microscaler.policy;

import io.microscaler.policy.PolicyMemory.Recommendation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The scale-down stabilisation step, with the Kubernetes HPA's semantics: remember every
 * recommendation for the window; scale in only to the highest of them. A dip of a minute in a
 * 300-s window then never removes tasks that the next minute needs back.
 *
 * <p>With a 300 s window, recommendations 5 at 12:00:00 and 2 from 12:01:00 on: at 12:01:00 the
 * count is held at 5; at 12:04:59 still 5; at 12:05:00 the 5 is exactly 300 s old and leaves the
 * window (entries are kept while strictly younger than the window), so the count goes to 2.
 *
 * <p>Scale-up is not delayed. The held count is never above the current count unless the new
 * recommendation is: stabilisation slows a scale-in, it never causes a scale-out.
 */
public final class ScaleDownStabilisation {

    private ScaleDownStabilisation() {
    }

    /**
     * @param count   the count to go to
     * @param held    whether stabilisation kept the count above the recommendation
     * @param history the recommendations still in the window, this one last: the next memory
     */
    public record Stabilised(int count, boolean held, List<Recommendation> history) {

        public Stabilised {
            history = List.copyOf(history);
        }
    }

    public static Stabilised apply(List<Recommendation> previous, int recommended, int currentTasks,
                                   Instant now, Duration window) {
        if (window.isNegative()) {
            throw new IllegalArgumentException("window must be >= 0, but was " + window);
        }
        Instant cutoff = now.minus(window);
        List<Recommendation> history = new ArrayList<>(previous.size() + 1);
        int highest = recommended;
        for (Recommendation r : previous) {
            if (r.at().isAfter(cutoff)) {
                history.add(r);
                highest = Math.max(highest, r.count());
            }
        }
        history.add(new Recommendation(now, recommended));
        if (recommended >= currentTasks) {
            return new Stabilised(recommended, false, history); // up or unchanged: not delayed
        }
        int count = Math.min(highest, currentTasks);
        return new Stabilised(count, count > recommended, history);
    }
}
