/**
 * The AWS actuator: {@link io.microscaler.actuate.ScalingTarget}s for ECS service mode
 * ({@link io.microscaler.actuate.aws.EcsServiceTarget}) and task mode
 * ({@link io.microscaler.actuate.aws.EcsTaskTarget}: single tasks on dynamic host ports behind
 * their target groups) on the SDK v2 async clients (Netty NIO). Every call goes through {@link io.microscaler.actuate.aws.AwsCalls}:
 * a token bucket per API, retries with exponential back-off and full jitter on throttling, 5xx and
 * connection errors (the SDK's own retries are off, so every attempt is counted and rate-limited),
 * completion on the calling Vert.x context, and never a blocked thread.
 *
 * <p>Nothing here knows the local cloud: the endpoint, region and credentials come in as
 * {@link io.microscaler.actuate.aws.AwsSettings}; demo and production run the same code.
 */
package io.microscaler.actuate.aws;
