package io.microscaler.window;

import java.time.Instant;
import java.util.List;

/**
 * What the log shippers' heartbeats say about a service's pipeline at one instant: whether silence
 * means "no requests" or "no data" (docs/architecture.md, "Quiet is not broken").
 *
 * @param lastHeartbeatAt the newest heartbeat's time, or {@code null} if none was ever seen
 * @param liveSources     shippers heard from within the staleness limit
 * @param silentSources   shippers heard from within the stable span but not within the staleness
 *                        limit, by name, at most {@link #MAX_NAMED} of them: their requests may be
 *                        missing, so their silence is no proof of none
 * @param idle            no request, summary or demand event within the staleness limit, but at
 *                        least one live shipper: the window reads zero load, measured
 */
public record Pipeline(Instant lastHeartbeatAt, int liveSources, List<String> silentSources, boolean idle) {

    /** How many silent sources a snapshot names (a decision message stays readable). */
    public static final int MAX_NAMED = 5;

    /** No heartbeat ever: the pipeline says nothing, and silence is no data. */
    public static final Pipeline NONE = new Pipeline(null, 0, List.of(), false);

    public Pipeline {
        if (liveSources < 0) {
            throw new IllegalArgumentException("liveSources must be >= 0, but was " + liveSources);
        }
        silentSources = List.copyOf(silentSources);
    }
}
