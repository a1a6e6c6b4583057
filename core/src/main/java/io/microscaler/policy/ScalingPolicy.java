package io.microscaler.policy;

import io.microscaler.window.WindowSnapshot;
import java.time.Instant;

/**
 * Turns a window into a decision. Pure: no clock but {@code now}, no I/O, no mutation; the same
 * code runs live, in tests with a manual clock and in trace replay.
 */
public interface ScalingPolicy {

    /** The name decisions carry, e.g. {@code target-tracking}. */
    String name();

    Evaluation decide(WindowSnapshot window, ServiceState state, Instant now);
}
