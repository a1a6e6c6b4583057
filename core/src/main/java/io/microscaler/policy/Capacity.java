package io.microscaler.policy;

/** A service's task counts as last observed: what was asked for, what runs, what is starting. */
public record Capacity(int desired, int running, int pending) {

    public Capacity {
        if (desired < 0 || running < 0 || pending < 0) {
            throw new IllegalArgumentException(
                    "task counts must be >= 0, but were desired=" + desired + " running=" + running + " pending=" + pending);
        }
    }
}
