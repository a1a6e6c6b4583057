/**
 * The local cloud: the subset of ECS (awsJson1_1), Elastic Load Balancing v2 and EC2 Auto Scaling
 * (awsQuery) that the actuator uses, served on loopback over the real wire protocols, so the AWS
 * SDK v2 clients of the production code path run unchanged against it. Not part of the autoscaler:
 * nothing outside {@code localcloud} and {@code demo} may depend on it.
 *
 * <p>Threading: the emulated state lives on one Vert.x context (the server's); timers move tasks
 * through their lifecycle. What other threads may read (healthy targets for the load balancer) is
 * published as immutable snapshots.
 *
 * <p>Bounds: it listens on loopback only, which is why its control endpoints
 * ({@code /_localcloud/faults}, {@code /_localcloud/spot-interruptions}) take no token; every
 * endpoint reads at most {@link ApiRouter#MAX_BODY_BYTES} of a body and refuses more with 413
 * without keeping it ({@link BoundedBody}).
 */
package io.microscaler.localcloud;
