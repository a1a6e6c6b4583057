package io.microscaler.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a service's policy carries from one decision to the next. Immutable: a decision returns the
 * next memory instead of mutating this one.
 *
 * @param recommended recent recommendations, oldest first, for the stabilisation windows
 * @param scalings    recent changes of the count, oldest first, for rate-limit periods and cooldowns
 * @param panic       since when the service has been panicking, or {@code null} if it is not
 * @param lastStarting the last evaluation that saw tasks still starting (pending, or fewer running
 *                     than desired), or {@code null}: latency measured since then is not yet the
 *                     latency of the tasks now ready
 */
public record PolicyMemory(List<Recommended> recommended, List<Scaling> scalings, Panic panic, Instant lastStarting) {

    public static final PolicyMemory EMPTY = new PolicyMemory(List.of(), List.of(), null, null);

    public PolicyMemory {
        recommended = List.copyOf(recommended);
        scalings = List.copyOf(scalings);
    }

    /** A memory that has not seen tasks starting. */
    public PolicyMemory(List<Recommended> recommended, List<Scaling> scalings, Panic panic) {
        this(recommended, scalings, panic, null);
    }

    /** This memory, having seen {@code capacity} at {@code now}. */
    PolicyMemory seeing(Capacity capacity, Instant now) {
        boolean starting = capacity != null && (capacity.pending() > 0 || capacity.running() < capacity.desired());
        return starting ? new PolicyMemory(recommended, scalings, panic, now) : this;
    }

    /**
     * The memory of an owner that has just taken the service over (at start-up, or from another
     * instance): the count the service runs, as if recommended {@code now}. Whoever decided before
     * kept its own scale-down stabilisation, which did not come along; without this, a new owner with
     * a full rebuilt window but no history could scale in at once what the last one was holding
     * (seen in the chaos run: 3 → 2 three seconds after a rebalance, where the old owner held 3).
     * Holding the running count for one window is never more eager to scale in than the old owner:
     * the count it left is at most the highest it recommended within its window. A memory that
     * already has history is kept as it is.
     */
    public PolicyMemory takingOver(int count, Instant now) {
        if (!recommended.isEmpty()) {
            return this;
        }
        return new PolicyMemory(List.of(new Recommended(now, count)), scalings, panic, lastStarting);
    }

    /** One recommended count at one instant. */
    public record Recommended(Instant at, int count) {
    }

    /** The count changed from {@code from} to {@code to} at {@code at}. */
    public record Scaling(Instant at, int from, int to) {

        int change() {
            return to - from;
        }
    }

    /**
     * Panic mode is on.
     *
     * @param since         when it started
     * @param lastCondition the last evaluation at which the panic condition held
     */
    public record Panic(Instant since, Instant lastCondition) {
    }

    /**
     * The history with this recommendation added and what no window needs any more dropped. A run
     * of equal counts keeps only its newest entry: the window's highest and lowest stay the same,
     * because any window that holds an older entry of the run also holds the newest, and the history
     * stays small with one evaluation a second.
     */
    static List<Recommended> remember(List<Recommended> history, Instant now, int count, Duration keep) {
        Instant cutoff = now.minus(keep);
        List<Recommended> next = new ArrayList<>(history.size() + 1);
        for (Recommended r : history) {
            if (r.at().isAfter(cutoff)) {
                next.add(r);
            }
        }
        if (!next.isEmpty() && next.get(next.size() - 1).count() == count) {
            next.remove(next.size() - 1);
        }
        next.add(new Recommended(now, count));
        return next;
    }

    /** The scalings still within {@code keep} of now, plus this one if the count changed. */
    static List<Scaling> remember(List<Scaling> scalings, Instant now, int from, int to, Duration keep) {
        Instant cutoff = now.minus(keep);
        List<Scaling> next = new ArrayList<>(scalings.size() + 1);
        for (Scaling s : scalings) {
            if (s.at().isAfter(cutoff)) {
                next.add(s);
            }
        }
        if (from != to) {
            next.add(new Scaling(now, from, to));
        }
        return next;
    }
}
