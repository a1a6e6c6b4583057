package io.microscaler.replay.model;

/**
 * A scaling policy under replay, as the simulation drives it. Each policy sees the service the way
 * its real counterpart does: microscaler one event per request, the baselines per-second figures
 * that they turn into their own metric pipelines (CloudWatch minutes, Prometheus scrapes, Knative
 * windows). Time is simulated seconds from the start of the trace; nothing here reads a clock.
 *
 * <p>Per simulated second the calls come in this order: {@link #desired} at the start of the
 * second (after tasks due have started), then {@link #onRequest} for each request completed or
 * dropped within it, in time order, then {@link #onSecond} with the second's totals.
 */
public interface Autoscaler {

    /** The policy's name in tables and files, e.g. {@code hpa}. */
    String name();

    /**
     * The desired task count at the start of {@code second}. A policy that evaluates less often than
     * every second (HPA every 15 s) returns {@code counts.desired()} in between. The simulation
     * keeps the answer within [min, max] of the model.
     */
    int desired(long second, TaskCounts counts);

    /**
     * One request completed ({@code dropped} false: latency is queueing plus service) or was refused
     * because the queue was full ({@code dropped} true: at its arrival, latency 0).
     *
     * @param atSeconds when, in simulated seconds (fractional)
     * @param serviceMs its time at work, without the queue wait (0 when dropped)
     */
    default void onRequest(double atSeconds, double latencyMs, double serviceMs, boolean dropped) {
    }

    /** The totals of a second that has just ended. */
    void onSecond(SecondSample sample);

    /** What the run's table does not show, to print under it (e.g. how often a forecast was used); empty for none. */
    default String notes() {
        return "";
    }
}
