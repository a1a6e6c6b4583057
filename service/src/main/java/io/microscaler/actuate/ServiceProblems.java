package io.microscaler.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What each service's reads say is wrong with it, when to say so, and when to read it again. Pure:
 * time is an argument; the actuator keeps one on its context.
 *
 * <p><b>Notes.</b> A service's first {@link Problem}, and each change of its cause
 * ({@code service-missing} → {@code access-refused}), is a {@link Kind#RAISED} note (the actuator
 * logs it at WARN); the same cause again is no news, however its message differs (request ids);
 * the first success after a problem is a {@link Kind#CLEARED} note (INFO). A failure that is no
 * {@link Problem} (throttling, a server error) says nothing new: the state is kept.
 *
 * <p><b>Back-off.</b> After the n-th read in a row that found a {@link Problem#backsOff()} problem
 * (the service or its cluster does not exist), the next read is due {@code base × 2^n} later, at most
 * {@code cap}: with the defaults (base = the reconcile interval, 15 s; cap 5 min) 30 s, 60 s, 120 s,
 * 240 s, then every 300 s, instead of every reconcile and every capacity query of its owner. A read
 * that finds the service clears it at once; so does {@link #forget}.
 */
public final class ServiceProblems {

    /** The longest wait between reads of a missing service. */
    public static final Duration CAP = Duration.ofMinutes(5);

    public enum Kind { RAISED, CLEARED }

    /**
     * What to log.
     *
     * @param problem for RAISED the new problem, for CLEARED the one that cleared
     * @param before  for RAISED, the problem it replaces (empty for a first one)
     */
    public record Note(Kind kind, String service, Problem problem, Optional<Problem> before) {
    }

    /** A service's current problem, since when, and its back-off. */
    public record State(Problem problem, Instant since, int missingReads, Instant nextRead) {
    }

    private final Duration base;
    private final Duration cap;
    private final Map<String, State> states = new TreeMap<>();

    public ServiceProblems(Duration base, Duration cap) {
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("base must be > 0, but was " + base);
        }
        if (cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("cap must be >= base " + base + ", but was " + cap);
        }
        this.base = base;
        this.cap = cap;
    }

    /** A read or apply of {@code service} failed with {@code problem} at {@code now}: a note if that is news. */
    public Optional<Note> failed(String service, Problem problem, Instant now) {
        State before = states.get(service);
        int missing = problem.backsOff() ? (before == null ? 0 : before.missingReads()) + 1 : 0;
        Instant next = problem.backsOff() ? now.plus(wait(missing)) : now;
        boolean news = before == null || !before.problem().cause().equals(problem.cause());
        Instant since = news ? now : before.since();
        states.put(service, new State(problem, since, missing, next));
        return news ? Optional.of(new Note(Kind.RAISED, service, problem,
                before == null ? Optional.empty() : Optional.of(before.problem()))) : Optional.empty();
    }

    /** A read or apply of {@code service} succeeded: a note if it had a problem. */
    public Optional<Note> succeeded(String service) {
        State before = states.remove(service);
        return before == null ? Optional.empty()
                : Optional.of(new Note(Kind.CLEARED, service, before.problem(), Optional.empty()));
    }

    /** Whether a read of {@code service} should go out at {@code now}, or wait out its back-off. */
    public boolean due(String service, Instant now) {
        State state = states.get(service);
        return state == null || !now.isBefore(state.nextRead());
    }

    /** The wait after the n-th read in a row that found the service missing: base × 2^n, at most the cap. */
    public Duration wait(int missingReads) {
        if (missingReads <= 0) {
            return Duration.ZERO;
        }
        int shift = Math.min(missingReads, 30);
        long millis = base.toMillis() << shift;
        return millis <= 0 || millis > cap.toMillis() ? cap : Duration.ofMillis(millis);
    }

    public Optional<State> state(String service) {
        return Optional.ofNullable(states.get(service));
    }

    /** Every service with a problem now, by service id. */
    public Map<String, State> all() {
        return Map.copyOf(states);
    }

    /** Not this instance's service any more: its problem is its new owner's to see. */
    public boolean forget(String service) {
        return states.remove(service) != null;
    }
}
