package io.microscaler.evaluate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One tick's services in the order they are evaluated, handed out in parts: first the services whose
 * newest second surged ({@link EvaluationOrder}), as a part of their own, so that their decisions are
 * out before the rest is evaluated; then the others, {@code partSize} at a time. The owner evaluates
 * a part and gives its event loop back before the next (records, and the deliveries of the decisions
 * just published, run in between), instead of holding it for a whole tick: 50 ms and more at 5,000
 * services. Plain code: the verticle drives it.
 */
public final class TickPass {

    private final Instant now;
    private final List<OwnedService> surging;
    private final List<OwnedService> others;
    private final int partSize;
    private boolean surgingHandedOut;
    private int next; // the next of the others to hand out

    public TickPass(Collection<OwnedService> services, Instant now, int partSize) {
        if (partSize < 1) {
            throw new IllegalArgumentException("partSize must be >= 1, but was " + partSize);
        }
        this.now = now;
        this.partSize = partSize;
        EvaluationOrder.Split<OwnedService> split = EvaluationOrder.of(services,
                s -> s.window().newestSecondRequests(now), TickPass::stableRate);
        this.surging = split.surging();
        this.others = split.others();
        this.surgingHandedOut = surging.isEmpty();
    }

    /** The tick's time: every part is evaluated at it, however late the part runs. */
    public Instant now() {
        return now;
    }

    /** How many services surged in their newest second: evaluated first. */
    public int surging() {
        return surging.size();
    }

    public boolean done() {
        return surgingHandedOut && next >= others.size();
    }

    /**
     * The services whose newest whole second grew by a surge after they were evaluated in this tick
     * (the requests recorded since are more than {@link EvaluationOrder#surge} allows), most first:
     * their records came through Kafka late for the tick (on a busy machine, 100 ms and more after
     * the second's end). The owner looks again a few times after the tick and evaluates these at
     * once, rather than a whole tick later. A few more requests into a second the tick read, surge
     * or not, are no reason to evaluate again. Call once every part is done.
     */
    public List<OwnedService> lateSurges() {
        List<OwnedService> grown = new ArrayList<>();
        for (List<OwnedService> group : List.of(surging, others)) {
            for (OwnedService s : group) {
                if (s.window().newestSecondRequests(now) > s.newestSecondEvaluated()) {
                    grown.add(s);
                }
            }
        }
        return grown.isEmpty() ? List.of() : EvaluationOrder.of(grown,
                s -> s.window().newestSecondRequests(now) - s.newestSecondEvaluated(), TickPass::stableRate).surging();
    }

    private static double stableRate(OwnedService s) {
        return s.lastSnapshot() == null ? Double.NaN : s.lastSnapshot().stable().rate();
    }

    /** The next part to evaluate: the surging services first, then up to {@code partSize} others. */
    public List<OwnedService> nextPart() {
        if (!surgingHandedOut) {
            surgingHandedOut = true;
            return surging;
        }
        int from = next;
        next = Math.min(others.size(), from + partSize);
        return others.subList(from, next);
    }
}
