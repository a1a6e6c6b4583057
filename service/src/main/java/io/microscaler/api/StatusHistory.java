package io.microscaler.api;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The last few minutes of every service's {@link StatusPoint}s, so a status page opened (or
 * reconnected) mid-demo starts with context instead of an empty chart. Bounded by age: at one
 * point per service per second, five minutes are 300 points a service. Used from the API
 * verticle's context only.
 */
final class StatusHistory {

    private final long keepMillis;
    private final Map<String, Deque<StatusPoint>> byService = new TreeMap<>();

    StatusHistory(Duration keep) {
        if (keep.isNegative() || keep.isZero()) {
            throw new IllegalArgumentException("history must be positive, but was " + keep);
        }
        this.keepMillis = keep.toMillis();
    }

    void add(String service, StatusPoint point) {
        byService.computeIfAbsent(service, s -> new ArrayDeque<>()).addLast(point);
    }

    /** Drops points older than {@code nowMillis} minus the history, and services left without any. */
    void trim(long nowMillis) {
        long oldest = nowMillis - keepMillis;
        for (Iterator<Deque<StatusPoint>> it = byService.values().iterator(); it.hasNext(); ) {
            Deque<StatusPoint> points = it.next();
            while (!points.isEmpty() && points.peekFirst().at() < oldest) {
                points.removeFirst();
            }
            if (points.isEmpty()) {
                it.remove();
            }
        }
    }

    /** Every service's points, oldest first, services by id. */
    Map<String, List<StatusPoint>> all() {
        Map<String, List<StatusPoint>> copy = new TreeMap<>();
        byService.forEach((service, points) -> copy.put(service, new ArrayList<>(points)));
        return copy;
    }

    long keepSeconds() {
        return keepMillis / 1000;
    }
}
