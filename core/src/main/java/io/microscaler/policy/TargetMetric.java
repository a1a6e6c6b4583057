package io.microscaler.policy;

/** What target tracking holds at its target, per task. */
public enum TargetMetric {
    /** Requests per second per task (the stable span's rate / tasks). */
    RPS("rps"),
    /** Requests in flight per task, by Little's law (latency sum / span / tasks). */
    CONCURRENCY("concurrency");

    private final String configName;

    TargetMetric(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** The metric for a config name, or {@code null} if there is none. */
    public static TargetMetric fromConfigName(String name) {
        for (TargetMetric m : values()) {
            if (m.configName.equals(name)) {
                return m;
            }
        }
        return null;
    }
}
