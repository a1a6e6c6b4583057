package io.microscaler.api;

import io.microscaler.decision.Decision;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/** The newest published decisions, bounded; used from the API verticle's context only. */
public final class DecisionLog {

    private final int capacity;
    private final Deque<Decision> newestFirst = new ArrayDeque<>();

    public DecisionLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, but was " + capacity);
        }
        this.capacity = capacity;
    }

    public void add(Decision d) {
        newestFirst.addFirst(d);
        if (newestFirst.size() > capacity) {
            newestFirst.removeLast();
        }
    }

    /** Newest first, only the given service's if {@code service} is not null, at most {@code limit}. */
    public List<Decision> newest(String service, int limit) {
        List<Decision> out = new ArrayList<>();
        for (Iterator<Decision> it = newestFirst.iterator(); it.hasNext() && out.size() < limit; ) {
            Decision d = it.next();
            if (service == null || service.equals(d.service())) {
                out.add(d);
            }
        }
        return out;
    }
}
