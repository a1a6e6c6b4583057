package io.microscaler.policy;

import io.microscaler.window.SpanStats;

/**
 * The service-wide total of the metric a policy tracks, read from one span of the window: for
 * {@link TargetMetric#RPS} the span's rate (requests/s), for {@link TargetMetric#CONCURRENCY} its
 * average requests in flight by Little's law.
 *
 * @param spanSeconds how many seconds the span actually covered
 * @param spanName    which span it was, for messages: "stable" or "panic"
 */
public record MetricReading(TargetMetric metric, double total, long spanSeconds, String spanName) {

    public static MetricReading of(TargetMetric metric, SpanStats span, String spanName) {
        double total = switch (metric) {
            case RPS -> span.rate();
            case CONCURRENCY -> span.concurrency();
        };
        return new MetricReading(metric, total, span.span().toSeconds(), spanName);
    }

    /** The metric's name in messages and decision inputs: "rps", "concurrency". */
    public String name() {
        return metric.configName();
    }
}
