package io.microscaler.ingest;

import java.util.Objects;

/**
 * A log shipper's sign of life for one service: "the pipeline from {@code source} is up, and what it
 * had to send up to {@code ts}, it has sent". A service whose servers only write access logs sends
 * nothing while nobody asks it for anything; with this, no requests reads as zero load (idle) and no
 * heartbeat as no data (docs/architecture.md, "Quiet is not broken").
 * {@code {"v":1,"type":"heartbeat","service":"iiif","source":"ip-10-0-1-17","ts":…}} (or {@code "time"}
 * in epoch seconds).
 *
 * @param source the shipper's id (a host name, a task id), at most {@code ingest.maxNameLength} characters
 */
public record HeartbeatEvent(String service, long ts, String source) implements IngestEvent {

    public HeartbeatEvent {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(source, "source");
    }
}
