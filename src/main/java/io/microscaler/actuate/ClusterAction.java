package io.microscaler.actuate;

import java.util.Objects;

/** What the cluster's capacity rule asks of the Auto Scaling group, with the reason in words. */
public sealed interface ClusterAction {

    String why();

    /** Launch {@code instances} more. */
    record ScaleOut(int instances, String why) implements ClusterAction {
        public ScaleOut {
            if (instances < 1) {
                throw new IllegalArgumentException("scale out by at least 1 instance, not " + instances);
            }
            Objects.requireNonNull(why, "why");
        }
    }

    /** Drain this instance, then terminate it with the group's desired capacity lowered by one. */
    record ScaleIn(String ec2InstanceId, String why) implements ClusterAction {
        public ScaleIn {
            Objects.requireNonNull(ec2InstanceId, "ec2InstanceId");
            Objects.requireNonNull(why, "why");
        }
    }

    record Hold(String why) implements ClusterAction {
    }
}
