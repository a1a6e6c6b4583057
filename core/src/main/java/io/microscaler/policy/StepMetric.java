package io.microscaler.policy;

import io.microscaler.window.DemandKind;
import io.microscaler.window.WindowSnapshot;

/** What step scaling compares with its threshold, read from the stable span. */
public enum StepMetric {
    /** Requests per second per ready task. */
    RPS("rps"),
    /** Requests in flight per ready task (Little's law). */
    CONCURRENCY("concurrency"),
    /** 95th-percentile latency, ms. */
    P95("p95"),
    /** Failed requests / requests. */
    ERROR_RATIO("error-ratio"),
    /** The latest queue-depth demand signal. */
    QUEUE_DEPTH("queue-depth");

    private final String configName;

    StepMetric(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** The metric's value, or NaN when there is none (no latency in the span, no demand signal). */
    double read(WindowSnapshot w, int readyTasks) {
        int perTask = Math.max(1, readyTasks);
        return switch (this) {
            case RPS -> w.stable().rate() / perTask;
            case CONCURRENCY -> w.stable().concurrency() / perTask;
            case P95 -> w.stable().p95Ms();
            case ERROR_RATIO -> w.stable().errorRatio();
            case QUEUE_DEPTH -> w.demand().containsKey(DemandKind.QUEUE_DEPTH)
                    ? w.demand().get(DemandKind.QUEUE_DEPTH).value() : Double.NaN;
        };
    }
}
