package io.microscaler.ingest;

import static io.microscaler.ingest.EventFields.BYTES;
import static io.microscaler.ingest.EventFields.COUNT;
import static io.microscaler.ingest.EventFields.INTERVAL_MS;
import static io.microscaler.ingest.EventFields.BUSY_MS_SUM;
import static io.microscaler.ingest.EventFields.LATENCY_MS;
import static io.microscaler.ingest.EventFields.QUEUED;
import static io.microscaler.ingest.EventFields.SERVICE_MS;
import static io.microscaler.ingest.EventFields.REQUEST_TIME;
import static io.microscaler.ingest.EventFields.STATUS;
import static io.microscaler.ingest.EventFields.TIME;
import static io.microscaler.ingest.EventFields.UPSTREAM_TIME;
import static io.microscaler.ingest.EventFields.TS;
import static io.microscaler.ingest.EventFields.V;
import static io.microscaler.ingest.EventFields.VALUE;

import io.microscaler.ingest.DecodeResult.Accepted;
import io.microscaler.ingest.DecodeResult.Rejected;
import io.microscaler.ingest.EventDecoder.Stream;
import io.microscaler.window.DemandKind;
import java.time.Instant;

/**
 * From fields read to an event, or the first reason it cannot be one. The order of the checks
 * is the order of what a producer most needs to hear: a version we do not speak (then nothing
 * else can be judged), a type this topic does not carry, a field of the wrong type, a missing
 * field, and only then values out of range.
 */
final class EventChecks {

    /** 2000-01-01T00:00:00Z: anything earlier is a unit mistake (seconds for milliseconds) or junk. */
    static final long EARLIEST_TS = 946_684_800_000L;

    private final long maxFutureSkewMs;

    EventChecks(long maxFutureSkewMs) {
        this.maxFutureSkewMs = maxFutureSkewMs;
    }

    /**
     * The event the fields make, or why they make none. With {@code into} not null, an accepted request
     * event is written into it and null is returned instead; every other result is the same.
     */
    DecodeResult toEvent(Stream stream, EventFields f, Instant now, RequestView into) {
        if (!f.has(V)) {
            return reject(RejectReason.UNKNOWN_VERSION, "v is missing (only version 1 is known)");
        }
        if (f.vNotNumber != null || f.v != 1) {
            return reject(RejectReason.UNKNOWN_VERSION, "v must be 1, but was "
                    + (f.vNotNumber != null ? f.vNotNumber : Long.toString(f.v)));
        }
        boolean summary = false;
        boolean heartbeat = false;
        if (f.type != null) {
            summary = stream == Stream.REQUESTS && f.type.equals("summary");
            heartbeat = stream == Stream.REQUESTS && f.type.equals("heartbeat");
            if (!summary && !heartbeat) {
                return reject(RejectReason.UNKNOWN_EVENT_TYPE, "type " + Texts.quoted(f.type) + " is not carried on the "
                        + (stream == Stream.REQUESTS ? "requests topic (no type, \"summary\" or \"heartbeat\")"
                                : "demand topic (no type)"));
            }
        }
        if (f.problem != null) {
            return reject(f.problem, f.problemDetail);
        }
        DecodeResult units = fromAccessLogUnits(f);
        if (units != null) {
            return units;
        }
        DecodeResult common = checkCommon(f, now);
        if (common != null) {
            return common;
        }
        if (stream == Stream.DEMAND) {
            return demand(f);
        }
        if (heartbeat) {
            return heartbeat(f);
        }
        return summary ? summary(f) : request(f, into);
    }

    /**
     * An access-log line gives its times in seconds as the server writes them ({@code time},
     * {@code requestTime}, {@code upstreamTime}: see docs/configuration.md, "Access logs"); they become
     * {@code ts}, {@code latencyMs} and {@code serviceMs}, and every check after this is the JSON
     * event's own. One figure in both units is refused: two values, and which is true cannot be known.
     */
    private static DecodeResult fromAccessLogUnits(EventFields f) {
        if (f.has(TIME)) {
            if (f.has(TS)) {
                return reject(RejectReason.INVALID_VALUE, "ts and time are the same figure in two units: give one");
            }
            f.ts = f.timeMs;
            f.present |= TS;
        }
        if (f.has(REQUEST_TIME)) {
            if (f.has(LATENCY_MS)) {
                return reject(RejectReason.INVALID_VALUE, "latencyMs and requestTime are the same figure in two units: give one");
            }
            f.latencyMs = f.requestTimeMs;
            f.present |= LATENCY_MS;
        }
        if (f.has(UPSTREAM_TIME)) {
            if (f.has(SERVICE_MS)) {
                return reject(RejectReason.INVALID_VALUE, "serviceMs and upstreamTime are the same figure in two units: give one");
            }
            // The upstream's time is the app's part of the request: its time at work as far as the proxy
            // can tell. Measured by the same server on the same clock, it can still exceed the request's
            // time by a rounding (both are cut to the millisecond apart): it is capped, not refused.
            if (f.upstreamTimeMs >= 0) {
                f.serviceMs = f.has(LATENCY_MS) ? Math.min(f.upstreamTimeMs, f.latencyMs) : f.upstreamTimeMs;
                f.present |= SERVICE_MS;
            }
        }
        return null;
    }

    private static DecodeResult heartbeat(EventFields f) {
        if (f.sourceNotText != null) {
            return reject(RejectReason.WRONG_TYPE, "source must be a string, but was " + f.sourceNotText);
        }
        if (f.source == null) {
            return missing("source");
        }
        if (f.source.isBlank()) {
            return reject(RejectReason.INVALID_VALUE, "source must not be blank, but was " + Texts.quoted(f.source));
        }
        return new Accepted(new HeartbeatEvent(f.service, f.ts, f.source));
    }

    private DecodeResult checkCommon(EventFields f, Instant now) {
        if (f.service == null) {
            return missing("service");
        }
        if (!f.has(TS)) {
            return missing("ts");
        }
        if (f.service.isBlank()) {
            return reject(RejectReason.INVALID_VALUE, "service must not be blank, but was " + Texts.quoted(f.service));
        }
        if (f.ts < EARLIEST_TS) {
            return reject(RejectReason.TIME_OUT_OF_RANGE, "ts " + f.ts + " is before 2000-01-01 (ts is epoch milliseconds)");
        }
        long latest = now.toEpochMilli() + maxFutureSkewMs;
        if (f.ts > latest) {
            return reject(RejectReason.TIME_OUT_OF_RANGE, "ts " + f.ts + " (" + Instant.ofEpochMilli(f.ts) + ") is "
                    + (f.ts - now.toEpochMilli()) + " ms ahead of now, more than the allowed " + maxFutureSkewMs + " ms");
        }
        return null;
    }

    private static DecodeResult request(EventFields f, RequestView into) {
        if (!f.has(LATENCY_MS)) {
            return missing("latencyMs");
        }
        if (!f.has(STATUS)) {
            return missing("status");
        }
        if (f.latencyMs < 0) {
            return negative("latencyMs", f.latencyMs);
        }
        if (f.has(BYTES) && f.bytes < 0) {
            return negative("bytes", f.bytes);
        }
        if (f.status < 100 || f.status > 599) {
            return reject(RejectReason.INVALID_VALUE, "status must be an HTTP status (100 to 599), but was " + f.status);
        }
        if (f.has(SERVICE_MS) && (f.serviceMs < 0 || f.serviceMs > f.latencyMs)) {
            return reject(f.serviceMs < 0 ? RejectReason.NEGATIVE_VALUE : RejectReason.INVALID_VALUE,
                    "serviceMs (time at work) must be in [0, latencyMs=" + f.latencyMs + "], but was " + f.serviceMs);
        }
        long serviceMs = f.has(SERVICE_MS) ? f.serviceMs : RequestEvent.UNREPORTED;
        if (into != null) {
            into.set(f.service, f.ts, f.latencyMs, (int) f.status, f.bytes, f, serviceMs);
            return null;
        }
        return new Accepted(new RequestEvent(f.service, f.ts, f.latencyMs, (int) f.status, f.bytes, f.task(), serviceMs));
    }

    private static DecodeResult summary(EventFields f) {
        if (!f.has(INTERVAL_MS)) {
            return missing("intervalMs");
        }
        if (!f.has(COUNT)) {
            return missing("count");
        }
        if (f.intervalMs <= 0) {
            return reject(RejectReason.NEGATIVE_VALUE, "intervalMs must be positive, but was " + f.intervalMs);
        }
        if (f.count < 0) {
            return negative("count", f.count);
        }
        if (f.errors < 0) {
            return negative("errors", f.errors);
        }
        if (f.latencyMsSum < 0) {
            return negative("latencyMsSum", f.latencyMsSum);
        }
        if (f.latencyMsMax < 0) {
            return negative("latencyMsMax", f.latencyMsMax);
        }
        if (f.inFlight < 0) {
            return negative("inFlight", f.inFlight);
        }
        if (f.errors > f.count) {
            return reject(RejectReason.INVALID_VALUE, "errors must not exceed count, but errors was " + f.errors
                    + " and count " + f.count);
        }
        if (f.has(BUSY_MS_SUM) && (f.busyMsSum < 0 || f.busyMsSum > f.latencyMsSum)) {
            return reject(f.busyMsSum < 0 ? RejectReason.NEGATIVE_VALUE : RejectReason.INVALID_VALUE,
                    "busyMsSum (time at work) must be in [0, latencyMsSum=" + f.latencyMsSum + "], but was " + f.busyMsSum);
        }
        if (f.has(QUEUED) && f.queued < 0) {
            return negative("queued", f.queued);
        }
        return new Accepted(new SummaryEvent(f.service, f.ts, f.intervalMs, f.count, f.errors, f.latencyMsSum,
                f.latencyMsMax, f.inFlight, f.has(BUSY_MS_SUM) ? f.busyMsSum : SummaryEvent.UNREPORTED,
                f.has(QUEUED) ? f.queued : SummaryEvent.UNREPORTED));
    }

    private static DecodeResult demand(EventFields f) {
        if (f.kind == null) {
            return missing("kind");
        }
        if (!f.has(VALUE)) {
            return missing("value");
        }
        DemandKind kind = DemandKind.fromWireName(f.kind);
        if (kind == null) {
            return reject(RejectReason.INVALID_VALUE, "kind must be queue-depth, in-flight or desired-tasks, but was "
                    + Texts.quoted(f.kind));
        }
        if (f.value < 0) {
            return reject(RejectReason.NEGATIVE_VALUE, "value must not be negative, but was " + f.value);
        }
        return new Accepted(new DemandEvent(f.service, f.ts, kind, f.value));
    }

    private static DecodeResult missing(String field) {
        return reject(RejectReason.MISSING_FIELD, field + " is missing");
    }

    private static DecodeResult negative(String field, long value) {
        return reject(RejectReason.NEGATIVE_VALUE, field + " must not be negative, but was " + value);
    }

    private static DecodeResult reject(RejectReason reason, String detail) {
        return new Rejected(reason, detail);
    }
}
