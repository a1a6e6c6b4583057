package io.microscaler.window;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The last heartbeat of each log shipper of one service. Bounded: a source unheard of for longer
 * than the window's stable span is forgotten (its absence can no longer hide requests the window
 * reads), and at most {@link #MAX_SOURCES} are held; a new source beyond that, with none to forget,
 * still counts as a sign of life but is not tracked by name. Owned by the window's thread.
 */
final class SourceHeartbeats {

    /** Far more shippers than one service has tasks or hosts; a bound on what bad input can cost. */
    static final int MAX_SOURCES = 1024;

    private final Map<String, Long> lastBySource = new HashMap<>();
    private long lastMillis = Long.MIN_VALUE;

    void record(String source, long tsMillis, long forgetBeforeMillis) {
        lastMillis = Math.max(lastMillis, tsMillis);
        Long before = lastBySource.get(source);
        if (before != null) {
            lastBySource.put(source, Math.max(before, tsMillis));
            return;
        }
        if (lastBySource.size() >= MAX_SOURCES) {
            forget(forgetBeforeMillis);
        }
        if (lastBySource.size() < MAX_SOURCES) {
            lastBySource.put(source, tsMillis);
        }
    }

    boolean any() {
        return lastMillis != Long.MIN_VALUE;
    }

    long lastMillis() {
        return lastMillis;
    }

    /**
     * @param liveSinceMillis   heard from at or after this: live
     * @param forgetBeforeMillis heard from last before this: forgotten
     */
    Pipeline read(long liveSinceMillis, long forgetBeforeMillis, boolean dataFresh) {
        if (!any()) {
            return Pipeline.NONE;
        }
        forget(forgetBeforeMillis);
        int live = 0;
        List<String> silent = new ArrayList<>();
        for (Map.Entry<String, Long> e : lastBySource.entrySet()) {
            if (e.getValue() >= liveSinceMillis) {
                live++;
            } else if (silent.size() < Pipeline.MAX_NAMED) {
                silent.add(e.getKey());
            }
        }
        silent.sort(null);
        boolean anyLive = live > 0 || lastMillis >= liveSinceMillis; // an untracked source counts too
        return new Pipeline(Instant.ofEpochMilli(lastMillis), Math.max(live, anyLive ? 1 : 0), silent,
                anyLive && !dataFresh);
    }

    private void forget(long beforeMillis) {
        for (Iterator<Long> it = lastBySource.values().iterator(); it.hasNext(); ) {
            if (it.next() < beforeMillis) {
                it.remove();
            }
        }
    }
}
