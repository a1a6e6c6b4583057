package io.microscaler.policy;

/** How a rate limit or a step is written: a number of tasks, or a percentage of the current count. */
public enum ChangeType {
    /** "4 tasks", "+2". */
    COUNT,
    /** "100%", "+50%". */
    PERCENT
}
