package io.microscaler.policy;

/**
 * Which of several rate limits applies, as the HPA's {@code selectPolicy}: {@link #MAX} the one
 * that allows the most change, {@link #MIN} the one that allows the least, {@link #DISABLED} no
 * change in that direction at all.
 */
public enum SelectPolicy {
    MAX,
    MIN,
    DISABLED
}
