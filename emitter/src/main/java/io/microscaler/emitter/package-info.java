/**
 * For JVM servers that can take a filter or a handler: counts the requests they serve and sends one
 * summary event per second to microscaler's requests topic, keyed by the service, including a
 * summary of zero when nothing was served, which is the server's own heartbeat (no requests then
 * reads as no load, not as no data). {@link io.microscaler.emitter.RequestSummaries} counts,
 * {@link io.microscaler.emitter.SummaryEmitter} sends, {@link io.microscaler.emitter.VertxSummaryHandler}
 * plugs them into a Vert.x Web router and {@link io.microscaler.emitter.ServletSummaryFilter} into a
 * servlet container. Depends on kafka-clients only (and, provided by the server, Vert.x Web or the
 * Servlet API).
 */
package io.microscaler.emitter;
