/**
 * The autoscalers users have today, emulated from their documentation for the trace replay: AWS
 * Application Auto Scaling target tracking ({@code ALBRequestCountPerTarget}), the Kubernetes HPA
 * v2 with default behaviour, and the Knative Pod Autoscaler. Each cites its documented parameters
 * as named constants. Pure: driven in simulated time, no clock, no I/O.
 */
package io.microscaler.replay.baseline;
