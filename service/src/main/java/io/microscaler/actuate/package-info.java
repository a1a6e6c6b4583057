/**
 * Actuation: applies decisions to a {@link io.microscaler.actuate.ScalingTarget} (a dry run, ECS
 * service mode or task mode, several at once through {@link io.microscaler.actuate.RoutingTarget}),
 * one operation in flight per service, the newest decision superseding older ones.
 */
package io.microscaler.actuate;
