package io.microscaler.tasks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which tasks to stop when a service scales in, one at a time, in this order:
 * <ol>
 *   <li>Registered tasks the load balancer finds <b>unhealthy</b>: they serve nothing.</li>
 *   <li><b>Serving</b> tasks, as long as at least {@code min(desired, serving)} serving tasks stay:
 *       a running task goes before a starting one, but never so that fewer tasks serve than the
 *       service still wants (scaling 10 → 4 while 2 serve and 8 start keeps the 2).</li>
 *   <li><b>Starting</b> tasks (not yet RUNNING, or not yet healthy): they serve nothing yet, and
 *       stop without draining.</li>
 * </ol>
 * Within each group: tasks on a DRAINING instance first (they must go anyway), then Fargate tasks
 * (they free no instance, and cost more), then tasks on the
 * instance <b>closest to empty</b> (fewest tasks of any service, then most free memory, then most
 * free CPU), so that instances empty out and the cluster can shrink; then the newest task. The
 * tasks of one instance are taken together, so a scale-in by 2 empties an instance with 2. Pure.
 */
public final class ScaleInChoice {

    /** How much a task gives now. */
    public enum Readiness { UNHEALTHY, SERVING, STARTING }

    /**
     * A task that could be stopped.
     *
     * @param instanceArn its container instance; null on Fargate
     */
    public record Candidate(String arn, String instanceArn, Readiness readiness, Instant launchedAt) {

        public Candidate {
            Objects.requireNonNull(arn, "arn");
            Objects.requireNonNull(readiness, "readiness");
            Objects.requireNonNull(launchedAt, "launchedAt");
        }

        /** The candidate for a tracked task. */
        public static Candidate of(TrackedTask task) {
            Readiness readiness = task.serving() ? Readiness.SERVING
                    : task.phase() == TaskPhase.REGISTERED && task.health() == TargetHealth.UNHEALTHY ? Readiness.UNHEALTHY
                    : Readiness.STARTING;
            return new Candidate(task.arn(), task.instanceArn().orElse(null), readiness, task.launchedAt());
        }
    }

    private ScaleInChoice() {
    }

    /**
     * @param loads   by container instance ARN; an instance missing here (not read) counts as neither
     *                emptier nor fuller than others
     * @param count   how many to stop
     * @param desired the count the service scales to: how many serving tasks to keep if it can
     * @return the ARNs to stop, first choice first ({@code min(count, candidates)} of them)
     */
    public static List<String> choose(List<Candidate> candidates, Map<String, InstanceLoad> loads, int count, int desired) {
        List<Candidate> left = new ArrayList<>(candidates);
        Map<String, InstanceLoad> load = Map.copyOf(loads);
        int serving = (int) left.stream().filter(c -> c.readiness() == Readiness.SERVING).count();
        int keepServing = Math.min(Math.max(0, desired), serving);
        List<String> chosen = new ArrayList<>();
        while (chosen.size() < count && !left.isEmpty()) {
            boolean servingMayGo = serving > keepServing;
            Comparator<Candidate> order = order(load, servingMayGo);
            Candidate next = left.stream().min(order).orElseThrow();
            left.remove(next);
            chosen.add(next.arn());
            if (next.readiness() == Readiness.SERVING) {
                serving--;
            }
        }
        return chosen;
    }

    private static Comparator<Candidate> order(Map<String, InstanceLoad> load, boolean servingMayGo) {
        Comparator<Candidate> byInstance = Comparator.comparingInt((Candidate c) -> instance(load, c) != null
                        && instance(load, c).draining() ? 0 : c.instanceArn() == null ? 1 : 2)
                .thenComparingInt(c -> instance(load, c) == null ? 0 : instance(load, c).tasks())
                .thenComparingInt(c -> instance(load, c) == null ? 0 : -instance(load, c).freeMemory())
                .thenComparingInt(c -> instance(load, c) == null ? 0 : -instance(load, c).freeCpu())
                // Keeps one instance's tasks together; unread instances are not told apart.
                .thenComparing(c -> instance(load, c) == null ? "" : c.instanceArn());
        return Comparator.comparingInt((Candidate c) -> rank(c.readiness(), servingMayGo))
                .thenComparing(byInstance)
                .thenComparing(Candidate::launchedAt, Comparator.reverseOrder())
                .thenComparing(Candidate::arn);
    }

    /** Unhealthy first; serving next while some may go, else after the starting ones. */
    private static int rank(Readiness readiness, boolean servingMayGo) {
        return switch (readiness) {
            case UNHEALTHY -> 0;
            case SERVING -> servingMayGo ? 1 : 3;
            case STARTING -> 2;
        };
    }

    private static InstanceLoad instance(Map<String, InstanceLoad> load, Candidate c) {
        return c.instanceArn() == null ? null : load.get(c.instanceArn());
    }
}
