package io.microscaler.replay.model;

/**
 * One simulated second's totals, what per-second metric pipelines are built from.
 *
 * @param second         the second, counted from the start of the trace
 * @param arrivals       requests that arrived (offered load, dropped ones included)
 * @param completed      requests whose service ended in this second
 * @param dropped        requests refused in this second because the queue was full
 * @param meanInSystem   requests in the service (in service or waiting), averaged over the second:
 *                       the concurrency a Knative queue-proxy reports
 * @param running        tasks serving at the start of the second
 * @param waiting        requests waiting for a slot at the end of the second: the backlog a server reports
 */
public record SecondSample(long second, int arrivals, int completed, int dropped, double meanInSystem, int running,
                           int waiting) {

    /** A second without a backlog figure (tests of policies that do not read it). */
    public SecondSample(long second, int arrivals, int completed, int dropped, double meanInSystem, int running) {
        this(second, arrivals, completed, dropped, meanInSystem, running, 0);
    }
}
