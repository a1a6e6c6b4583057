package io.microscaler.policy;

import io.microscaler.window.Pipeline;
import io.microscaler.window.WindowSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Quiet is not broken: which rule a quiet service's decision follows. Servers that only write access
 * logs send nothing while nobody asks them for anything, so silence alone cannot tell an idle service
 * from a broken pipeline. The log shippers' heartbeats ({@link Pipeline}) can:
 * <ul>
 *   <li><b>data</b>: requests (or summaries, or demand) within the staleness limit: the usual rules;</li>
 *   <li><b>idle</b>: no requests, but a shipper's heartbeat within the limit: zero load, measured; the
 *   service scales in as any quiet service does (stabilisation, rate limits, min), and every such
 *   decision's message begins "idle: …";</li>
 *   <li><b>no data</b>: neither within the limit: hold ({@link HoldConditions}), "a broken pipeline
 *   never scales in";</li>
 *   <li><b>idle, but a shipper silent</b>: one heard from within the stable span has stopped while
 *   others go on: its server's requests may be missing, so no scale-in
 *   ({@link io.microscaler.decision.Reason#SOURCE_SILENT}) until it is back or forgotten.</li>
 * </ul>
 * Pure: time only from {@code now}.
 */
final class Quiet {

    private Quiet() {
    }

    /** "idle: no requests for 12 s, pipeline live (1 shipper, last heartbeat 0.4 s ago): " while idle, else "". */
    static String prefix(WindowSnapshot window, Instant now) {
        Pipeline p = window.pipeline();
        if (!p.idle()) {
            return "";
        }
        String requests = window.lastEventAt() == null ? "no requests yet"
                : "no requests for " + Duration.between(window.lastEventAt(), now).toSeconds() + " s";
        return "idle: " + requests + ", pipeline live (" + p.liveSources() + (p.liveSources() == 1 ? " shipper" : " shippers")
                + ", last heartbeat " + ago(p.lastHeartbeatAt(), now) + " ago): ";
    }

    /** The note of a scale-in refused because a shipper went silent while the service is idle, if one did. */
    static Optional<String> silentSource(WindowSnapshot window, int current) {
        Pipeline p = window.pipeline();
        if (!p.idle() || p.silentSources().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("shipper " + String.join(", ", p.silentSources()) + " gone silent while "
                + p.liveSources() + " other" + (p.liveSources() == 1 ? " is" : "s are")
                + " live: its requests may be missing, no scale-in, holding at " + current);
    }

    /** "no data: no requests for 42 s and no shipper heartbeat for 16 s" (the pipeline was heard from once). */
    static String noData(WindowSnapshot window, Instant now) {
        String requests = window.lastEventAt() == null ? "no requests yet"
                : "no requests for " + Duration.between(window.lastEventAt(), now).toSeconds() + " s";
        return "no data: " + requests + " and no shipper heartbeat for "
                + ago(window.pipeline().lastHeartbeatAt(), now);
    }

    private static String ago(Instant at, Instant now) {
        long ms = Math.max(0, Duration.between(at, now).toMillis());
        return ms < 10_000 ? Figures.fixed(ms / 1000.0, 1) + " s" : ms / 1000 + " s";
    }
}
