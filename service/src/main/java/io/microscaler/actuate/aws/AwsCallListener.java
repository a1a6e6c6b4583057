package io.microscaler.actuate.aws;

import io.microscaler.observability.ActuatorMeters;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * What {@link AwsCalls} and {@link EcsServiceTarget} report, for metrics. {@code api} is one of a
 * fixed set of operation names ({@code ecs:UpdateService}, …), so it is safe as a metric tag.
 * Called on the caller's Vert.x context; implementations must not block.
 */
public interface AwsCallListener {

    /** Reports nothing. */
    AwsCallListener NONE = new AwsCallListener() {
    };

    /** One attempt of a call ended so. */
    default void attempt(String api, CallOutcome outcome) {
    }

    /** One attempt of a call ended so, {@code took} after it was sent; by default reported as {@link #attempt(String, CallOutcome)}. */
    default void attempt(String api, CallOutcome outcome, Duration took) {
        attempt(api, outcome);
    }

    /** A failed attempt will be tried again after a back-off. */
    default void retry(String api, CallOutcome cause) {
    }

    /** A call found its API's token bucket empty and waits for a token. */
    default void rateLimited(String api) {
    }

    /** A call gave up: a failure not worth retrying, attempts exhausted, or its deadline passed. */
    default void gaveUp(String api, CallOutcome last) {
    }

    /**
     * The reconciler repaired drift: in service mode a desired count changed behind microscaler's
     * back; in task mode a task stopped behind its back, a target missing or not one of its tasks.
     */
    default void repaired(String service) {
    }

    /** A read of a service's load balancer target health found this many healthy targets. */
    default void healthy(String service, int count) {
    }

    /**
     * Reports to the actuator's meters, with each of {@code apis}' counters and timers registered
     * at zero first (every outcome, every retryable cause), so they exist before the first call.
     */
    static AwsCallListener meters(ActuatorMeters meters, Collection<String> apis) {
        List<String> outcomes = Arrays.stream(CallOutcome.values()).map(CallOutcome::tag).toList();
        List<String> retryable = Arrays.stream(CallOutcome.values()).filter(CallOutcome::retryable)
                .map(CallOutcome::tag).toList();
        apis.forEach(api -> meters.awsApi(api, outcomes, retryable, CallOutcome.SUCCESS.tag()));
        return meters(meters);
    }

    /** Reports to the actuator's meters. */
    static AwsCallListener meters(ActuatorMeters meters) {
        return new AwsCallListener() {
            @Override
            public void attempt(String api, CallOutcome outcome) {
                meters.awsCall(api, outcome.tag());
            }

            @Override
            public void attempt(String api, CallOutcome outcome, Duration took) {
                meters.awsCall(api, outcome.tag(), took);
            }

            @Override
            public void retry(String api, CallOutcome cause) {
                meters.awsRetry(api, cause.tag());
            }

            @Override
            public void rateLimited(String api) {
                meters.awsRateLimited(api);
            }

            @Override
            public void gaveUp(String api, CallOutcome last) {
                meters.awsGaveUp(api, last.tag());
            }

            @Override
            public void repaired(String service) {
                meters.repaired();
            }

            @Override
            public void healthy(String service, int count) {
                meters.healthy(service, count);
            }
        };
    }
}
