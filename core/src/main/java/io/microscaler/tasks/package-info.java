/**
 * Task mode's choices and bookkeeping, without I/O: which tasks a service has and in which phase
 * ({@link io.microscaler.tasks.ServiceTasks}), how many to launch, take back or stop
 * ({@link io.microscaler.tasks.TaskPlan}), which task to stop first
 * ({@link io.microscaler.tasks.ScaleInChoice}), and when to try a launch again after one
 * failed ({@link io.microscaler.tasks.LaunchBackoff}). Time comes in as an argument. No
 * Vert.x, AWS SDK or metrics types: {@code actuate.aws.EcsTaskTarget} does the calls and feeds
 * what it reads in here.
 */
package io.microscaler.tasks;
