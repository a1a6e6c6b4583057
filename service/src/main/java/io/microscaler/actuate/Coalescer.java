package io.microscaler.actuate;

import io.microscaler.decision.Decision;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One operation in flight per service; while one is, only the newest decision waits, and older
 * waiting ones are superseded (a target of 7 makes a waiting 5 pointless). Decisions older than
 * one already seen for the service (by seq) are stale and dropped. Plain code, one thread.
 */
public final class Coalescer {

    /** What to do with an offered decision. */
    public enum Verdict { START, QUEUED, SUPERSEDED_WAITING, STALE }

    private final Set<String> inFlight = new HashSet<>();
    private final Map<String, Decision> waiting = new HashMap<>();
    private final Map<String, Long> newestSeq = new HashMap<>();

    public Verdict offer(Decision d) {
        Long newest = newestSeq.get(d.service());
        if (newest != null && d.seq() <= newest) {
            return Verdict.STALE;
        }
        newestSeq.put(d.service(), d.seq());
        if (inFlight.add(d.service())) {
            return Verdict.START;
        }
        return waiting.put(d.service(), d) == null ? Verdict.QUEUED : Verdict.SUPERSEDED_WAITING;
    }

    /**
     * The service's operation finished.
     *
     * @return the decision to start next, or null (the service is then idle)
     */
    public Decision completed(String service) {
        Decision next = waiting.remove(service);
        if (next == null) {
            inFlight.remove(service);
        }
        return next;
    }

    /**
     * The service was revoked: its waiting decision is dropped. The operation in flight, if any,
     * still reports through {@link #completed}; the newest seq stays, so a late decision of the old
     * ownership is stale if the service comes back (a new ownership numbers from a later instant).
     */
    public void forget(String service) {
        waiting.remove(service);
    }

    public boolean busy(String service) {
        return inFlight.contains(service);
    }
}
