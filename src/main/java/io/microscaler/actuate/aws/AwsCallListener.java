package io.microscaler.actuate.aws;

import io.microscaler.observability.ActuatorMeters;

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

    /** A failed attempt will be tried again after a back-off. */
    default void retry(String api, CallOutcome cause) {
    }

    /** A call found its API's token bucket empty and waits for a token. */
    default void rateLimited(String api) {
    }

    /** A call gave up: a failure not worth retrying, attempts exhausted, or its deadline passed. */
    default void gaveUp(String api, CallOutcome last) {
    }

    /** The reconciler found a service's desired count changed behind microscaler's back and re-applied it. */
    default void repaired(String service) {
    }

    /** Reports to the actuator's meters. */
    static AwsCallListener meters(ActuatorMeters meters) {
        return new AwsCallListener() {
            @Override
            public void attempt(String api, CallOutcome outcome) {
                meters.awsCall(api, outcome.tag());
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
        };
    }
}
