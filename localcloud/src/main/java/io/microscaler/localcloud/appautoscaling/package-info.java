/**
 * The Application Auto Scaling emulation, the part of it microscaler uses to live beside AWS's
 * own scaling of ECS services: scalable targets with their suspended state, scaling policies (kept,
 * never run: nothing here scales), and tags on scalable targets. {@link
 * io.microscaler.localcloud.appautoscaling.ScalableTargets} holds the state on the local cloud's
 * context; {@link io.microscaler.localcloud.appautoscaling.ApplicationAutoScalingApi} is the thin
 * awsJson1_1 adapter ({@code X-Amz-Target: AnyScaleFrontendService.<Operation>}).
 */
package io.microscaler.localcloud.appautoscaling;
