package io.microscaler.localcloud.autoscaling;

import java.time.Instant;

/** A scaling activity, as TerminateInstanceInAutoScalingGroup returns it. */
record Activity(String activityId, String groupName, String groupArn, String description, String cause,
                Instant startTime, String statusCode, int progress) {
}
