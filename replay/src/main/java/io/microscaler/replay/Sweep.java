package io.microscaler.replay;

import io.microscaler.replay.model.Autoscaler;
import io.microscaler.replay.model.ServiceModel;
import io.microscaler.replay.score.Scorer;
import io.microscaler.replay.score.Scores;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code replay --sweep}: every policy over a range of its own main knob, the target utilisation
 * (the share of a task's capacity it aims to use: its target in its own unit), so that each gives a
 * curve of task-seconds against SLO-violation seconds rather than one point. A policy is better
 * than another only where it has a point with no more of either: one point each compares two
 * settings, not two policies.
 *
 * <p>Every run is scored against the default model (the shared rule's "tasks needed" does not move
 * with the knob); only the policies' targets change.
 */
final class Sweep {

    /** 40 % to 90 % of a task's capacity: from lavish to tight. */
    static final List<Double> DEFAULT_UTILISATIONS = List.of(0.4, 0.5, 0.6, 0.7, 0.8, 0.9);

    /** One policy at one utilisation, scored. */
    record Point(String policy, double utilisation, boolean isDefault, Scores scores) {
    }

    /** A baseline point, and the microscaler point that does at least as well on both counts, if any. */
    record Comparison(Point baseline, Point dominatedBy) {
        boolean dominated() {
            return dominatedBy != null;
        }
    }

    private Sweep() {
    }

    static List<Point> run(int[] requests, ReplayOptions options, int initialTasks, List<Double> utilisations) {
        List<ReplayCommand.Job> jobs = new ArrayList<>();
        List<double[]> keys = new ArrayList<>();
        for (String name : options.policies()) {
            for (double u : utilisations) {
                ServiceModel tuned = options.model().withTargetUtilisation(u);
                Autoscaler policy = Policies.create(name, options.withModel(tuned));
                jobs.add(new ReplayCommand.Job(policy, options.model()));
                keys.add(new double[] {u});
            }
        }
        List<ReplayCommand.Run> runs = ReplayCommand.runAll(jobs, requests, initialTasks, options.seed());
        List<Point> points = new ArrayList<>();
        double defaultU = options.model().targetUtilisation();
        for (int i = 0; i < runs.size(); i++) {
            double u = keys.get(i)[0];
            Scores scores = Scorer.score(runs.get(i).timeline(), options.model(), options.sloMs());
            points.add(new Point(scores.policy(), u, Math.abs(u - defaultU) < 1e-9, scores));
        }
        return points;
    }

    /** For every baseline point: a microscaler point with no more task-seconds and no more violation seconds, or none. */
    static List<Comparison> frontier(List<Point> points) {
        List<Point> ours = points.stream().filter(p -> p.policy().equals(MicroscalerAutoscaler.NAME)).toList();
        List<Comparison> out = new ArrayList<>();
        for (Point p : points) {
            if (p.policy().equals(MicroscalerAutoscaler.NAME)) {
                continue;
            }
            Point best = null;
            for (Point m : ours) {
                boolean noWorse = m.scores().taskSeconds() <= p.scores().taskSeconds()
                        && m.scores().violationSeconds() <= p.scores().violationSeconds();
                if (noWorse && (best == null || m.scores().violationSeconds() < best.scores().violationSeconds())) {
                    best = m;
                }
            }
            out.add(new Comparison(p, best));
        }
        return out;
    }

    static String table(List<Point> points) {
        StringBuilder b = new StringBuilder();
        b.append("| policy              | utilisation | SLO-violation s | task-seconds | scaling actions | dropped req |\n");
        b.append("|---------------------|------------:|----------------:|-------------:|----------------:|------------:|\n");
        for (Point p : points) {
            b.append(String.format(Locale.ROOT, "| %-19s | %10.0f%%%s | %,15d | %,12d | %,15d | %,11d |%n",
                    p.policy(), p.utilisation() * 100, p.isDefault() ? "*" : " ", p.scores().violationSeconds(),
                    p.scores().taskSeconds(), p.scores().scalingActions(), p.scores().droppedRequests()));
        }
        b.append("(* the default)\n");
        return b.toString();
    }

    static String frontierReport(List<Comparison> comparisons) {
        long dominated = comparisons.stream().filter(Comparison::dominated).count();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "frontier: %d of %d baseline points have a microscaler point with no more task-seconds and no more"
                        + " violation seconds%n", dominated, comparisons.size()));
        for (Comparison c : comparisons) {
            if (!c.dominated()) {
                b.append(String.format(Locale.ROOT, "  not dominated: %s at %.0f %% (%,d violation s, %,d task-s)%n",
                        c.baseline().policy(), c.baseline().utilisation() * 100, c.baseline().scores().violationSeconds(),
                        c.baseline().scores().taskSeconds()));
            }
        }
        return b.toString();
    }
}
