package io.microscaler.replay.report;

import io.microscaler.replay.model.ServiceModel;
import io.microscaler.replay.score.ClairvoyantBound;
import io.microscaler.replay.score.Scores;
import java.util.List;
import java.util.Locale;

/** The scores as a text table for stdout (and for pasting into BENCHMARKS.md: it is Markdown). */
public final class ScoreTable {

    private ScoreTable() {
    }

    public static String format(List<Scores> scores) {
        StringBuilder b = new StringBuilder();
        b.append("| policy              | SLO-violation s | dropped req | task-seconds | mean tasks | scaling actions |"
                + " peak under | peak over |\n");
        b.append("|---------------------|----------------:|------------:|-------------:|-----------:|----------------:|"
                + "-----------:|----------:|\n");
        for (Scores s : scores) {
            b.append(String.format(Locale.ROOT, "| %-19s | %,15d | %,11d | %,12d | %10.2f | %,15d | %10d | %9d |%n",
                    s.policy(), s.violationSeconds(), s.droppedRequests(), s.taskSeconds(), s.meanTasks(),
                    s.scalingActions(), s.peakUnder(), s.peakOver()));
        }
        return b.toString();
    }

    /** Fewer scaling actions than this over a whole trace: the policy hardly acted, and its cost is its floor's. */
    public static final int FEW_ACTIONS = 10;

    /**
     * Lines flagging degenerate comparisons: a policy that made fewer than {@link #FEW_ACTIONS}
     * scaling actions did not scale this trace at this scale; its cost says what its minimum costs,
     * not what it would cost where it has to act. Empty when every policy acted.
     */
    public static String degenerate(List<Scores> scores) {
        StringBuilder b = new StringBuilder();
        for (Scores s : scores) {
            if (s.scalingActions() < FEW_ACTIONS) {
                b.append(String.format(Locale.ROOT, "note: %s made %d scaling action(s) (fewer than %d): at this scale it"
                                + " hardly scaled, so comparing costs with it compares floors; replay at a larger --scale%n",
                        s.policy(), s.scalingActions(), FEW_ACTIONS));
            }
        }
        return b.toString();
    }

    /** One line naming the model's parameters and the targets the shared rule gives each policy. */
    public static String describeModel(ServiceModel m, long sloMs) {
        return String.format(Locale.ROOT, "model: %d slots/task, service %.0f ms ± %.0f %%, queue %d/task, start %d s,"
                        + " tasks %d..%d; target %.0f %% of capacity = %.2f in flight = %.1f req/s per task; SLO p95 %d ms",
                m.concurrency(), m.serviceTimeMs(), m.jitter() * 100, m.queuePerTask(), m.startDelaySeconds(),
                m.minTasks(), m.maxTasks(), m.targetUtilisation() * 100, m.targetConcurrencyPerTask(),
                m.targetRatePerTask(), sloMs);
    }

    /**
     * Each policy's task-seconds beside the fewest any schedule could pay for its violation seconds,
     * and what fewer violations than every baseline costs at the least: whether a cost target is
     * within reach of any policy at all.
     */
    public static String bound(List<Scores> scores, ClairvoyantBound.Frontier frontier, String ours) {
        StringBuilder b = new StringBuilder();
        b.append("clairvoyant bound: the fewest task-seconds any schedule, even one that knows the whole trace,"
                + " pays for as many violation seconds (a lower bound; see ClairvoyantBound)\n");
        long fewestOfBaselines = Long.MAX_VALUE;
        for (Scores s : scores) {
            long least = frontier.minTaskSeconds(s.violationSeconds());
            b.append(String.format(Locale.ROOT, "  %-19s %,9d violation s: at least %,12d task-s; it paid %,12d (%.2f×)%n",
                    s.policy(), s.violationSeconds(), least, s.taskSeconds(), (double) s.taskSeconds() / Math.max(1, least)));
            if (!s.policy().equals(ours)) {
                fewestOfBaselines = Math.min(fewestOfBaselines, s.violationSeconds());
            }
        }
        if (fewestOfBaselines != Long.MAX_VALUE && fewestOfBaselines > 0) {
            long least = frontier.minTaskSeconds(fewestOfBaselines - 1);
            b.append(String.format(Locale.ROOT, "  fewer violation seconds than every baseline (at most %,d) costs at least"
                    + " %,d task-seconds%n", fewestOfBaselines - 1, least));
            for (Scores s : scores) {
                if (!s.policy().equals(ours) && s.taskSeconds() < least) {
                    b.append(String.format(Locale.ROOT, "  %s paid %,d, less than that: no policy can have fewer violation"
                            + " seconds than every baseline at no more task-seconds than %s here%n", s.policy(),
                            s.taskSeconds(), s.policy()));
                }
            }
        }
        return b.toString();
    }
}
