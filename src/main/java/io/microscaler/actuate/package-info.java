/**
 * Actuation: applies decisions to a {@link io.microscaler.actuate.ScalingTarget} (dry run now; ECS
 * later), one operation in flight per service, the newest decision superseding older ones.
 */
package io.microscaler.actuate;
