package io.microscaler.replay.model;

/**
 * The task counts as the orchestrator would report them.
 *
 * @param desired what was last asked for
 * @param running tasks serving requests
 * @param pending tasks asked for that are still starting
 */
public record TaskCounts(int desired, int running, int pending) {

    public TaskCounts {
        if (desired < 0 || running < 0 || pending < 0) {
            throw new IllegalArgumentException("task counts must be >= 0, but were desired=" + desired
                    + " running=" + running + " pending=" + pending);
        }
    }
}
