package io.microscaler.ingest;

/**
 * One decoded, validated event from the request or demand topic (docs/design.md section 2). Every
 * event belongs to a service and carries its own timestamp: windows file events by event time,
 * not by when they arrived.
 */
public sealed interface IngestEvent permits RequestEvent, SummaryEvent, DemandEvent, HeartbeatEvent {

    /** The service id (also the record key, so one service's events stay in order). */
    String service();

    /** When it happened, epoch milliseconds. */
    long ts();
}
