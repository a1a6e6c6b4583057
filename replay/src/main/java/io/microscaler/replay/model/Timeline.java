package io.microscaler.replay.model;

/**
 * What one policy's replay did, second by second: the load, the tasks and the latency. Arrays
 * indexed by second; written by the {@link Simulation}, read by scoring, CSV and the chart.
 */
public final class Timeline {

    private final String policy;
    final int[] offered;
    final int[] completed;
    final int[] dropped;
    final float[] p95Ms;
    final int[] desired;
    final int[] running;
    final int[] pending;
    int initialDesired;

    Timeline(String policy, int seconds) {
        this.policy = policy;
        this.offered = new int[seconds];
        this.completed = new int[seconds];
        this.dropped = new int[seconds];
        this.p95Ms = new float[seconds];
        this.desired = new int[seconds];
        this.running = new int[seconds];
        this.pending = new int[seconds];
    }

    /** One second of a timeline, as {@link #of} takes it. */
    public record Row(int offered, int completed, int dropped, float p95Ms, int desired, int running, int pending) {
    }

    /** A timeline from its rows, e.g. a hand-made one to score. */
    public static Timeline of(String policy, int initialDesired, java.util.List<Row> rows) {
        Timeline t = new Timeline(policy, rows.size());
        t.initialDesired = initialDesired;
        for (int s = 0; s < rows.size(); s++) {
            Row r = rows.get(s);
            t.offered[s] = r.offered();
            t.completed[s] = r.completed();
            t.dropped[s] = r.dropped();
            t.p95Ms[s] = r.p95Ms();
            t.desired[s] = r.desired();
            t.running[s] = r.running();
            t.pending[s] = r.pending();
        }
        return t;
    }

    public String policy() {
        return policy;
    }

    public int seconds() {
        return offered.length;
    }

    /** Requests that arrived in the second. */
    public int offered(int second) {
        return offered[second];
    }

    /** Requests whose service ended in the second. */
    public int completed(int second) {
        return completed[second];
    }

    /** Requests refused in the second (queue full). */
    public int dropped(int second) {
        return dropped[second];
    }

    /**
     * The p95 latency of the requests that arrived in the second, dropped ones counted as infinitely
     * slow (so infinite when more than 5 % were dropped); NaN without requests.
     */
    public float p95Ms(int second) {
        return p95Ms[second];
    }

    /** The desired count after the second's decision. */
    public int desired(int second) {
        return desired[second];
    }

    /** Tasks serving during the second (after those due have started). */
    public int running(int second) {
        return running[second];
    }

    /** Tasks starting during the second. */
    public int pending(int second) {
        return pending[second];
    }

    /** The desired count before the first second: the tasks the replay starts with. */
    public int initialDesired() {
        return initialDesired;
    }
}
