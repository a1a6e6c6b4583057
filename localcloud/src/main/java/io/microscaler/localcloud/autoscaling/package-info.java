/**
 * The EC2 Auto Scaling emulation: groups of container instances that launch, boot, join their
 * ECS cluster, scale in and get spot interruption warnings, over awsQuery.
 */
package io.microscaler.localcloud.autoscaling;
