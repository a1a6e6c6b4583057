package io.microscaler.policy;

import io.microscaler.policy.PolicyMemory.Recommended;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The HPA v2's stabilisation windows: a scale-up goes only as high as the lowest recommendation
 * within the scale-up window, a scale-in only as low as the highest within the scale-down window.
 * The result is the current count moved toward the recommendation as far as both windows agree.
 *
 * <p>With a 300 s scale-down window, recommendations 5 at 12:00:00 and 2 from 12:01:00 on, 5 tasks
 * running: at 12:01:00 the count is held at 5; at 12:04:59 still 5; at 12:05:00 the 5 is exactly
 * 300 s old and leaves the window (entries count while strictly younger than the window), so the
 * count goes to 2. With a 0 s window only the current recommendation counts.
 */
public final class Stabilisation {

    private Stabilisation() {
    }

    /** @param count the stabilised count; held back from {@code recommended} if it differs */
    public record Stabilised(int count, int lowestUp, int highestDown) {
    }

    /**
     * @param history the earlier recommendations, oldest first (not yet including this one)
     */
    public static Stabilised apply(List<Recommended> history, int recommended, int current, Instant now,
                                   Duration upWindow, Duration downWindow) {
        Instant upCutoff = now.minus(upWindow);
        Instant downCutoff = now.minus(downWindow);
        int lowestUp = recommended;
        int highestDown = recommended;
        for (Recommended r : history) {
            if (r.at().isAfter(upCutoff) && !r.at().isAfter(now)) {
                lowestUp = Math.min(lowestUp, r.count());
            }
            if (r.at().isAfter(downCutoff) && !r.at().isAfter(now)) {
                highestDown = Math.max(highestDown, r.count());
            }
        }
        // As the HPA: start from the current count, raise it to the scale-up floor, cut it to the
        // scale-down ceiling. Either bound only ever moves it toward the recommendation.
        int count = Math.min(Math.max(current, lowestUp), highestDown);
        return new Stabilised(count, lowestUp, highestDown);
    }
}
