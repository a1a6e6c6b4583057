package io.microscaler.config;

import java.time.Duration;

/**
 * Bounds of the status page's live stream, {@code /api/stream} (keys {@code http.stream.*}). A
 * server cannot see whether a client reads: bytes it writes go into the kernel's buffers first,
 * and only once those are full does its own write queue grow. So two bounds work together:
 *
 * @param maxClients        streams open at once; one more is answered 503 with {@code Retry-After}
 * @param maxAge            a stream is ended after this long; a browser's EventSource reconnects
 *                          (after 2 s) and gets the history again. This is what frees the slot of a
 *                          client that never reads but receives too little to fill its buffers.
 * @param writeBufferBytes  bytes written to one client and not yet taken by the kernel's socket
 *                          buffer, at most, before it counts as full; while full it is sent nothing
 *                          (it misses those ticks)
 * @param slowClientTimeout a client full for this long is dropped (its connection reset)
 */
public record StreamLimits(int maxClients, Duration maxAge, int writeBufferBytes, Duration slowClientTimeout) {
}
