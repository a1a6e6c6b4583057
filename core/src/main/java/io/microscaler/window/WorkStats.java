package io.microscaler.window;

/**
 * Work and waiting over one span, beside latency: what a policy needs to tell a service that is
 * busy from one that is queueing. Latency includes the wait in the queue, so Little's law on
 * latency counts queued requests as work; these figures take them apart.
 *
 * @param serviceMs          mean time at work of the span's requests that reported it (request
 *                           events' {@code serviceMs}, summaries' {@code busyMsSum}); NaN if none did
 * @param serviceCoverage    the share of the span's requests that reported their time at work, 0 to 1
 * @param baselineLatencyMs  a low quantile (the 10th percentile) of the span's per-second mean
 *                           latencies: the latency of the span's least queued seconds, which bounds
 *                           the time at work from above where servers report only latency; NaN
 *                           without a second of requests
 * @param backlog            requests waiting as the servers last reported in the span (summaries'
 *                           {@code queued}, summed over servers); NaN if none did
 * @param backlogGrowthPerSecond how fast the backlog grew across the span, in requests/s: from the
 *                           reported backlogs where there are two, else the slope of the per-second
 *                           requests in the system (Little's law per second); NaN with fewer than
 *                           two seconds of data
 */
public record WorkStats(double serviceMs, double serviceCoverage, double baselineLatencyMs, double backlog,
                        double backlogGrowthPerSecond) {

    /** Nothing known: a span with no data, or figures built by hand that leave work out. */
    public static final WorkStats UNKNOWN = new WorkStats(Double.NaN, 0, Double.NaN, Double.NaN, Double.NaN);

    /** Whether servers reported their time at work for some of the span's requests. */
    public boolean serviceReported() {
        return Double.isFinite(serviceMs);
    }
}
