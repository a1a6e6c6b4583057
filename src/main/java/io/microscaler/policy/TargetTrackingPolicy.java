package io.microscaler.policy;

import io.microscaler.window.WindowSnapshot;
import java.time.Instant;

/** SKELETON: target tracking (see the brief). */
public final class TargetTrackingPolicy implements ScalingPolicy {

    public static final String NAME = "target-tracking";

    public TargetTrackingPolicy(TargetTrackingSettings settings) {
        throw new UnsupportedOperationException("skeleton");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Evaluation decide(WindowSnapshot window, ServiceState state, Instant now) {
        throw new UnsupportedOperationException("skeleton");
    }
}
