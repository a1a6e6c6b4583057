/**
 * {@code microscaler demo}: everything the autoscaler would meet in AWS, on one machine. Not part
 * of the autoscaler; nothing outside {@code demo} depends on it.
 *
 * <p>The data plane, from the user inwards:
 * <ul>
 *   <li>{@link io.microscaler.demo.TrafficGenerator}: open-loop load at a {@link io.microscaler.demo.Scenario}'s
 *       rate (steady, spike, diurnal, a recorded trace), deep-zoom IIIF requests, and what users
 *       saw ({@link io.microscaler.demo.ClientStats}: offered, served, failed, p95);</li>
 *   <li>{@link io.microscaler.demo.LoadBalancer}: the ALB, least outstanding requests over the
 *       target group's healthy targets as the local cloud publishes them;</li>
 *   <li>{@link io.microscaler.demo.ImageServer}: one per ECS task, started by
 *       {@link io.microscaler.demo.ImageServerRuntime} on a dynamic port; a few workers and a
 *       bounded queue make latency grow with load; every request becomes an event on Kafka
 *       through one shared {@link io.microscaler.demo.KafkaEventSink};</li>
 *   <li>{@link io.microscaler.demo.HttpHealthProbe}: the target group's health checks;</li>
 *   <li>{@link io.microscaler.demo.QueueWorkers}: for {@code --scenario scale-to-zero}, a queue and
 *       a worker's tasks (found through ECS) taking its jobs; a worker's image servers send no
 *       request events and it has no load balancer ({@link io.microscaler.demo.ZeroDemo}).</li>
 * </ul>
 * The pure parts ({@code Scenario}, {@code TraceScenario}, {@code Arrivals}, {@code ClientStats},
 * {@code WorkerPool}, {@code LeastOutstanding}, {@code IiifRoute}, {@code DeepZoom}, the event
 * JSON, the demos' timelines) take time and randomness as arguments and are tested without Vert.x; the verticles are
 * thin adapters around them.
 */
package io.microscaler.demo;
