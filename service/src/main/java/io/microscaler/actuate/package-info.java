/**
 * Actuation: applies decisions to a {@link io.microscaler.actuate.ScalingTarget} (a dry run, ECS
 * service mode or task mode, several at once through {@link io.microscaler.actuate.RoutingTarget}),
 * one operation in flight per service ({@link io.microscaler.actuate.SerialOperations}, the
 * contract targets rely on), the newest decision superseding older ones
 * ({@link io.microscaler.actuate.Coalescer}). Knows no adapter: {@code actuate.aws} implements the port.
 */
package io.microscaler.actuate;
