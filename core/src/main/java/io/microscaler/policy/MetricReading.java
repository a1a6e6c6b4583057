package io.microscaler.policy;

import io.microscaler.window.SpanStats;
import java.time.Duration;

/**
 * The service-wide total of the metric a policy tracks, read from one span of the window: for
 * {@link TargetMetric#RPS} the span's rate (requests/s), for {@link TargetMetric#CONCURRENCY} the
 * requests it needs at work at once ({@link ConcurrencyDemand}: work apart from waiting where the
 * window can tell them apart, else Little's law on latency).
 *
 * @param spanSeconds how many seconds the span actually covered
 * @param spanName    which span it was, for messages: "stable" or "panic"
 * @param how         how the total came about, for messages; empty where it is the plain figure
 * @param perRequest  what one more request per second adds to the total: 1 for requests/s, its
 *                    seconds at work for concurrency
 */
public record MetricReading(TargetMetric metric, double total, long spanSeconds, String spanName, String how,
                            double perRequest) {

    public static MetricReading of(TargetMetric metric, SpanStats span, String spanName, Duration backlogDrain) {
        return switch (metric) {
            case RPS -> new MetricReading(metric, span.rate(), span.span().toSeconds(), spanName, "", 1);
            case CONCURRENCY -> {
                ConcurrencyDemand.Estimate e = ConcurrencyDemand.of(span, backlogDrain);
                yield new MetricReading(metric, e.total(), span.span().toSeconds(), spanName, e.figures(), e.perRequest());
            }
        };
    }

    /**
     * The total with the span's rate brought up to {@code newestRate} (requests/s now), where that is
     * higher: the same work per request, at the rate of the newest seconds. Never lower than the total.
     */
    public double atRate(double spanRate, double newestRate) {
        if (!(newestRate > spanRate) || Double.isInfinite(newestRate)) {
            return total;
        }
        return total + (newestRate - spanRate) * perRequest;
    }

    /** The metric's name in messages and decision inputs: "rps", "concurrency". */
    public String name() {
        return metric.configName();
    }

    /** "concurrency 22.0 (offered 400.0/s × 50 ms at work + …)", or just "rps 512.0". */
    public String described() {
        return name() + " " + Figures.oneDecimal(total) + (how.isEmpty() ? "" : " (" + how + ")");
    }
}
