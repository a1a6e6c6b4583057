package io.microscaler.replay.score;

import io.microscaler.replay.model.ServiceModel;
import io.microscaler.replay.model.Timeline;

/**
 * Scores a replay's {@link Timeline} against an SLO.
 *
 * <p>"Tasks needed" in a second is what the shared rule asks for at that second's offered load,
 * {@link ServiceModel#tasksNeeded}: ceil(requests/s ÷ 70 per task) by default, at least the minimum.
 * Under-provisioning compares it with the tasks <em>running</em> (starting tasks serve nothing);
 * over-provisioning with the tasks <em>provisioned</em> (starting tasks are paid for).
 */
public final class Scorer {

    private Scorer() {
    }

    public static Scores score(Timeline t, ServiceModel model, double sloMs) {
        long violations = 0;
        long dropped = 0;
        long taskSeconds = 0;
        long actions = 0;
        int under = 0;
        int over = 0;
        long requests = 0;
        int previousDesired = t.initialDesired();
        for (int s = 0; s < t.seconds(); s++) {
            float p95 = t.p95Ms(s);
            if (!Float.isNaN(p95) && p95 > sloMs) {
                violations++;
            }
            dropped += t.dropped(s);
            requests += t.offered(s);
            int provisioned = t.running(s) + t.pending(s);
            taskSeconds += provisioned;
            if (t.desired(s) != previousDesired) {
                actions++;
                previousDesired = t.desired(s);
            }
            int needed = model.tasksNeeded(t.offered(s));
            under = Math.max(under, needed - t.running(s));
            over = Math.max(over, provisioned - needed);
        }
        int seconds = t.seconds();
        return new Scores(t.policy(), violations, dropped, taskSeconds, seconds == 0 ? 0 : (double) taskSeconds / seconds,
                actions, under, over, requests, seconds);
    }
}
