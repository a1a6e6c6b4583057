package io.microscaler.demo;

import io.microscaler.localcloud.HealthyTargets.Target;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The load balancer's choice of target: the healthy one with the fewest requests outstanding
 * (sent, not yet answered), as ALB's "least outstanding requests" algorithm does. Ties go round
 * robin, so idle targets share the load evenly instead of the first one getting it all. Pure and
 * thread-confined (the load balancer's event loop).
 *
 * <p>Why not round robin: a target that is slow (a queue has formed, or it has just started)
 * keeps its requests longer, so it is given fewer new ones; round robin would keep feeding it.
 */
public final class LeastOutstanding {

    private final Map<String, Integer> outstanding = new HashMap<>();
    private int rotation;

    /** The target to send to, or null when there is none. */
    public Target choose(List<Target> healthy) {
        int n = healthy.size();
        if (n == 0) {
            return null;
        }
        int start = Math.floorMod(rotation++, n);
        Target best = null;
        int fewest = Integer.MAX_VALUE;
        for (int k = 0; k < n; k++) {
            Target t = healthy.get((start + k) % n);
            int o = outstanding(t);
            if (o < fewest) {
                best = t;
                fewest = o;
            }
        }
        return best;
    }

    /** A request was sent to the target. */
    public void started(Target target) {
        outstanding.merge(key(target), 1, Integer::sum);
    }

    /** A request to the target was answered or failed (it may have left the healthy set meanwhile). */
    public void finished(Target target) {
        outstanding.computeIfPresent(key(target), (k, o) -> o <= 1 ? null : o - 1);
    }

    public int outstanding(Target target) {
        return outstanding.getOrDefault(key(target), 0);
    }

    /** Outstanding requests over all targets. */
    public int total() {
        return outstanding.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** A target is where it listens: the same instance hosts many tasks on different ports. */
    private static String key(Target t) {
        return t.host() + ":" + t.port();
    }
}
