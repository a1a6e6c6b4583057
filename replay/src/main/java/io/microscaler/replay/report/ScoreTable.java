package io.microscaler.replay.report;

import io.microscaler.replay.model.ServiceModel;
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
}
