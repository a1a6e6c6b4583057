package io.microscaler.localcloud;

import io.vertx.core.Future;

/**
 * One emulated AWS API on the shared loopback endpoint. The router asks each API in turn whether it
 * serves a request, injects the configured faults for its operation, then lets it handle the
 * request. Called on the local cloud's context only.
 */
public interface EmulatedApi {

    /** Whether this API serves the request (by {@code X-Amz-Target} prefix, or the form's {@code Version}). */
    boolean serves(AwsRequest request);

    /**
     * The operation the request calls, as {@code <api>:<Operation>}, e.g. {@code ecs:RunTask},
     * {@code elbv2:RegisterTargets}, {@code autoscaling:SetDesiredCapacity}: the names faults are set by.
     * Fails with an {@link AwsError} when the request names no known operation.
     */
    String operation(AwsRequest request);

    /** Handles the request; fails with an {@link AwsError} for an error in AWS's shape. */
    Future<AwsResponse> handle(AwsRequest request);

    /** The error as this protocol writes it (JSON {@code __type} for awsJson, XML {@code ErrorResponse} for awsQuery). */
    AwsResponse error(AwsError error, String requestId);
}
