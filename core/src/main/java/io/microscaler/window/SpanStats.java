package io.microscaler.window;

import java.time.Duration;

/**
 * Figures over one span of a window (stable or panic). Quantiles are {@code NaN} when the span
 * holds no latency.
 *
 * @param span         the span actually covered: the configured span, or less for a service first
 *                     seen more recently than that
 * @param count        requests in the span
 * @param errors       requests that failed (status 5xx)
 * @param rate         requests per second: count / span
 * @param concurrency  requests in flight on average, by Little's law: latency sum / span
 * @param inFlight     the largest in-flight figure servers reported in summaries (0 if none)
 * @param work         work and waiting, apart ({@link WorkStats#UNKNOWN} where nothing tells them apart)
 */
public record SpanStats(
        Duration span,
        long count,
        long errors,
        double rate,
        double concurrency,
        double p50Ms,
        double p95Ms,
        double p99Ms,
        double errorRatio,
        long bytes,
        double inFlight,
        WorkStats work) {

    public SpanStats {
        work = work == null ? WorkStats.UNKNOWN : work;
    }

    /** Figures that say nothing of work apart from latency (hand-built readings, older callers). */
    public SpanStats(Duration span, long count, long errors, double rate, double concurrency, double p50Ms,
                     double p95Ms, double p99Ms, double errorRatio, long bytes, double inFlight) {
        this(span, count, errors, rate, concurrency, p50Ms, p95Ms, p99Ms, errorRatio, bytes, inFlight,
                WorkStats.UNKNOWN);
    }
}
