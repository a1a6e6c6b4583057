/**
 * Rolling windows: per service, a ring of 1-second buckets on event time that turns request,
 * summary and demand events into figures (rate, concurrency by Little's law, p50/p95/p99, error
 * ratio, in-flight, latest demand) over a stable and a panic span, read as immutable
 * {@link io.microscaler.window.WindowSnapshot}s. Pure: events carry their own time and readers pass
 * {@code now}; nothing here reads a clock, does I/O or knows Vert.x, Kafka, AWS or a metrics
 * library, and nothing here depends on the policy or decision packages (data flows one way).
 */
package io.microscaler.window;
