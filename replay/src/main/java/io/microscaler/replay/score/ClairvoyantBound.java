package io.microscaler.replay.score;

import io.microscaler.replay.model.Arrivals;
import io.microscaler.replay.model.ServiceModel;
import io.microscaler.replay.model.ServiceTimes;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What no autoscaler can beat on a trace: the fewest task-seconds any schedule of task counts can
 * pay for a given number of SLO-violation seconds, even one that knows the whole trace in advance.
 * It tells whether a cost target is out of reach for every policy, and how far each is from the best
 * possible.
 *
 * <h2>How (a relaxation, so the figures are lower bounds)</h2>
 * <ol>
 *   <li>For each second, the fewest tasks with which that second's own requests (the replay's very
 *   instants and service times) meet the SLO when the second starts with nothing queued and nothing
 *   in service, the tasks staying until its last request is answered. A real schedule never starts a
 *   second with less than nothing queued, so a second that fails with k − 1 tasks here fails in the
 *   simulation too.</li>
 *   <li>A schedule pays a task-second per task per second and the start delay for every task it
 *   adds (a task serves only after it), and scales in for free. Minimising task-seconds + λ ×
 *   violation seconds over all schedules is a shortest path over (second, tasks), exact by dynamic
 *   programming.</li>
 *   <li>For any schedule with at most V violation seconds, its task-seconds C satisfy C + λ V ≥
 *   L(λ), the minimum above, for every λ ≥ 0: so C ≥ max over λ of L(λ) − λ V
 *   ({@link Frontier#minTaskSeconds}).</li>
 * </ol>
 * The bound is optimistic where the model is not: no queue carried between seconds, and tasks that
 * serve from the very second they were paid for.
 */
public final class ClairvoyantBound {

    /** λ from 1/4 to 2^15 task-seconds per violation second, four steps per doubling. */
    private static final int LAMBDA_STEPS = 70;

    private ClairvoyantBound() {
    }

    /** The (task-seconds, violation seconds) of the best schedule at each price λ of a violation second. */
    public record Point(double lambda, long taskSeconds, long violationSeconds) {
    }

    /** The best schedules over all prices: enough to bound any schedule's cost for a violation budget. */
    public record Frontier(List<Point> points, long floor) {

        /** No schedule with at most {@code violations} violation seconds costs fewer task-seconds than this. */
        public long minTaskSeconds(long violations) {
            double best = floor; // the minimum count, every second
            for (Point p : points) {
                best = Math.max(best, p.taskSeconds() + p.lambda() * (p.violationSeconds() - violations));
            }
            return (long) Math.ceil(best - 1e-6);
        }
    }

    /**
     * The fewest tasks each second needs on its own (see the class comment); {@code maxTasks + 1}
     * where even the maximum fails, and {@code minTasks} for a second without requests.
     */
    public static int[] tasksEachSecondNeeds(ServiceModel model, int[] requests, long seed, double sloMs) {
        return tasksEachSecondNeeds(model, requests, seed, sloMs, Arrivals.uniform(seed));
    }

    /** With arrival instants of one's choosing, as the simulation takes them. */
    public static int[] tasksEachSecondNeeds(ServiceModel model, int[] requests, long seed, double sloMs,
                                             Arrivals arrivals) {
        ServiceTimes times = new ServiceTimes(model, seed);
        int[] needs = new int[requests.length];
        double[] instants = new double[256];
        double[] services = new double[256];
        SecondCheck check = new SecondCheck(model, sloMs);
        for (int s = 0; s < requests.length; s++) {
            int n = requests[s];
            if (instants.length < n) {
                instants = new double[Math.max(n, instants.length * 2)];
                services = new double[instants.length];
            }
            arrivals.fill(s, n, instants); // the same draws, in the same order, as the simulation's
            for (int i = 0; i < n; i++) {
                services[i] = times.nextSeconds();
            }
            int k = model.minTasks();
            while (k <= model.maxTasks() && !check.meets(instants, services, n, k)) {
                k++;
            }
            needs[s] = k;
        }
        return needs;
    }

    /** The best schedule at each of a range of prices of a violation second, from {@code initialTasks} running. */
    public static Frontier frontier(int[] needs, ServiceModel model, int initialTasks) {
        // each price is its own shortest path: side by side on the cores, in order
        List<Point> points = IntStream.range(0, LAMBDA_STEPS).parallel()
                .mapToObj(i -> cheapest(needs, model, initialTasks, 0.25 * Math.pow(2, i / 4.0))).toList();
        return new Frontier(points, (long) model.minTasks() * needs.length);
    }

    /** Minimises task-seconds + λ × violation seconds over every schedule, forward over the seconds. */
    static Point cheapest(int[] needs, ServiceModel model, int initialTasks, double lambda) {
        int min = model.minTasks();
        // no schedule gains from more tasks than the busiest second needs (they cost and cure nothing)
        int busiest = initialTasks;
        for (int need : needs) {
            busiest = Math.max(busiest, need);
        }
        int top = Math.max(min, Math.min(model.maxTasks(), busiest));
        int states = top - min + 1;
        double start = model.startDelaySeconds();
        double[] cost = new double[states];
        long[] tasks = new long[states];
        long[] violations = new long[states];
        double[] nextCost = new double[states];
        long[] nextTasks = new long[states];
        long[] nextViolations = new long[states];
        for (int j = 0; j < states; j++) { // tasks above the initial count were started before the trace
            cost[j] = start * Math.max(0, min + j - initialTasks);
            tasks[j] = (long) cost[j];
        }
        int[] fromBelow = new int[states];
        int[] fromAbove = new int[states];
        for (int need : needs) {
            // the cheapest way into j: from j or above (scale in, free), or from below (pay the starts)
            int best = states - 1;
            for (int j = states - 1; j >= 0; j--) {
                if (cost[j] <= cost[best]) {
                    best = j;
                }
                fromAbove[j] = best;
            }
            int low = 0;
            for (int j = 0; j < states; j++) {
                if (cost[j] - start * j < cost[low] - start * low) {
                    low = j;
                }
                fromBelow[j] = low;
            }
            for (int j = 0; j < states; j++) {
                int a = fromAbove[j];
                int b = fromBelow[j];
                double viaBelow = cost[b] + start * (j - b);
                boolean up = b < j && viaBelow < cost[a];
                int from = up ? b : a;
                int n = min + j;
                boolean violates = n < need;
                nextCost[j] = (up ? viaBelow : cost[a]) + n + (violates ? lambda : 0);
                nextTasks[j] = tasks[from] + n + (up ? (long) start * (j - b) : 0);
                nextViolations[j] = violations[from] + (violates ? 1 : 0);
            }
            double[] c = cost;
            cost = nextCost;
            nextCost = c;
            long[] t = tasks;
            tasks = nextTasks;
            nextTasks = t;
            long[] v = violations;
            violations = nextViolations;
            nextViolations = v;
        }
        int end = 0;
        for (int j = 1; j < states; j++) {
            if (cost[j] < cost[end]) {
                end = j;
            }
        }
        return new Point(lambda, tasks[end], violations[end]);
    }

    /** One second's requests served from empty by k tasks: one FIFO queue, as the simulation's. */
    private static final class SecondCheck {
        private final ServiceModel model;
        private final double sloMs;
        private double[] slots = new double[0];
        private double[] starts = new double[256];
        private float[] latencies = new float[256];

        SecondCheck(ServiceModel model, double sloMs) {
            this.model = model;
            this.sloMs = sloMs;
        }

        boolean meets(double[] instants, double[] services, int n, int tasks) {
            if (n == 0) {
                return true;
            }
            int c = model.concurrency() * tasks;
            long queueCap = (long) model.queuePerTask() * tasks;
            if (slots.length < c) {
                slots = new double[c];
            }
            Arrays.fill(slots, 0, c, Double.NEGATIVE_INFINITY); // a min-heap of the times slots come free
            if (starts.length < n) {
                starts = new double[Math.max(n, starts.length * 2)];
                latencies = new float[starts.length];
            }
            int startedHead = 0; // starts[] of accepted requests, non-decreasing (FIFO): the waiting ones are those > now
            int accepted = 0;
            for (int i = 0; i < n; i++) {
                double at = instants[i];
                while (startedHead < accepted && starts[startedHead] <= at) {
                    startedHead++;
                }
                double free = slots[0];
                if (free > at && accepted - startedHead >= queueCap) {
                    latencies[i] = Float.POSITIVE_INFINITY; // dropped: answered 503, infinitely slow for the SLO
                    continue;
                }
                double begin = Math.max(at, free);
                replaceTop(slots, c, begin + services[i]);
                starts[accepted++] = begin;
                latencies[i] = (float) ((begin - at + services[i]) * 1000);
            }
            Arrays.sort(latencies, 0, n);
            int rank = (int) Math.ceil(0.95 * n - 1e-9); // nearest rank, as the simulation's p95
            return latencies[rank - 1] <= sloMs;
        }

        private static void replaceTop(double[] heap, int size, double value) {
            int i = 0;
            while (true) {
                int l = 2 * i + 1;
                if (l >= size) {
                    break;
                }
                int r = l + 1;
                int m = r < size && heap[r] < heap[l] ? r : l;
                if (heap[m] >= value) {
                    break;
                }
                heap[i] = heap[m];
                i = m;
            }
            heap[i] = value;
        }
    }
}
