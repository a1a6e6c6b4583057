package io.microscaler.window;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * The newest value of each kind of demand, by event time. A demand event is a level ("the queue
 * holds 1,200 messages"), not a flow, so only the latest counts; an older event arriving late
 * does not overwrite a newer one. On equal times the later arrival wins. No allocation per event.
 */
final class LatestDemand {

    private static final DemandKind[] KINDS = DemandKind.values();
    private static final long NONE = Long.MIN_VALUE;

    private final double[] value = new double[KINDS.length];
    private final long[] atMillis = new long[KINDS.length];
    private long newest = NONE; // the newest time of any kind

    LatestDemand() {
        Arrays.fill(atMillis, NONE);
    }

    void offer(DemandKind kind, double newValue, long tsMillis) {
        int i = kind.ordinal();
        if (atMillis[i] == NONE || tsMillis >= atMillis[i]) {
            value[i] = newValue;
            atMillis[i] = tsMillis;
        }
        newest = Math.max(newest, atMillis[i]);
    }

    /** The latest signal of each kind measured at or after {@code oldestMillis}. */
    Map<DemandKind, DemandSignal> measuredSince(long oldestMillis) {
        if (newest < oldestMillis) {
            return Map.of(); // most services report no demand: no map for each of them every tick (issue 20)
        }
        Map<DemandKind, DemandSignal> fresh = new EnumMap<>(DemandKind.class);
        for (DemandKind kind : KINDS) {
            int i = kind.ordinal();
            if (atMillis[i] != NONE && atMillis[i] >= oldestMillis) {
                fresh.put(kind, new DemandSignal(kind, value[i], Instant.ofEpochMilli(atMillis[i])));
            }
        }
        return fresh;
    }
}
