package io.microscaler.actuate.aws;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which failed AWS calls deserve a log line, so that a broken endpoint shows in the log without
 * flooding it (issue 17: 985 failed calls counted, none logged). Per API ({@code ecs:UpdateService}),
 * a failing spell begins with its first failure and ends with a recovery. The first failure, and
 * each change to a cause not yet seen in the spell, is a {@link Kind#FAILING} note (logged at WARN);
 * a cause seen already is only counted (the metrics count every attempt), so throttles and server
 * errors mixed at random log two warnings, not one per alternation; and the API has
 * {@link Kind#RECOVERED recovered} (INFO, with how many attempts failed) at its first success once
 * no attempt has failed for the quiet period. Without that period, throttling of 30 % of the calls,
 * each retried into a success, would log a WARN and an INFO for nearly every third call; with it,
 * one WARN while it lasts and one INFO when it is over.
 *
 * <p>A cause is what tells failures apart for an operator: the outcome and the AWS error code
 * ({@code throttled ThrottlingException}), or the exception's class, never its message (request ids
 * differ each time). Pure: time is an argument; safe to share, as {@link AwsCalls} is shared by
 * several contexts.
 */
public final class FailureNotes {

    /** No failure for this long, then a success: recovered. */
    public static final Duration QUIET = Duration.ofSeconds(60);

    public enum Kind { FAILING, RECOVERED }

    /**
     * What to log.
     *
     * @param previousCause for FAILING, the cause of the failure before (empty for the first failure)
     * @param failures      the failed attempts since the API started failing, this one included
     */
    public record Note(Kind kind, String api, String cause, Optional<String> previousCause, long failures) {
    }

    private record Failing(String cause, Set<String> seen, long failures, long lastFailureNanos) {
    }

    private final long quietNanos;
    private final Map<String, Failing> failing = new HashMap<>();

    public FailureNotes() {
        this(QUIET);
    }

    public FailureNotes(Duration quiet) {
        if (quiet.isNegative()) {
            throw new IllegalArgumentException("quiet must be >= 0, but was " + quiet);
        }
        this.quietNanos = quiet.toNanos();
    }

    /** An attempt of {@code api} failed with {@code cause} at {@code nowNanos}: a note if that is news. */
    public synchronized Optional<Note> failed(String api, String cause, long nowNanos) {
        Failing before = failing.get(api);
        if (before == null) {
            failing.put(api, new Failing(cause, Set.of(cause), 1, nowNanos));
            return Optional.of(new Note(Kind.FAILING, api, cause, Optional.empty(), 1));
        }
        long failures = before.failures() + 1;
        boolean news = !before.seen().contains(cause);
        Set<String> seen = before.seen();
        if (news) {
            seen = new HashSet<>(seen);
            seen.add(cause);
            seen = Set.copyOf(seen);
        }
        failing.put(api, new Failing(cause, seen, failures, nowNanos));
        return news ? Optional.of(new Note(Kind.FAILING, api, cause, Optional.of(before.cause()), failures))
                : Optional.empty();
    }

    /** An attempt of {@code api} succeeded at {@code nowNanos}: a note if it had been failing and has been quiet since. */
    public synchronized Optional<Note> succeeded(String api, long nowNanos) {
        Failing before = failing.get(api);
        if (before == null || nowNanos - before.lastFailureNanos() < quietNanos) {
            return Optional.empty();
        }
        failing.remove(api);
        return Optional.of(new Note(Kind.RECOVERED, api, before.cause(), Optional.empty(), before.failures()));
    }

    /** The cause of a failed attempt as the notes compare it: outcome and AWS error code, or exception class. */
    public static String cause(CallOutcome outcome, Throwable failure) {
        Throwable t = RetryClassifier.unwrap(failure);
        if (t instanceof software.amazon.awssdk.awscore.exception.AwsServiceException aws
                && aws.awsErrorDetails() != null && aws.awsErrorDetails().errorCode() != null) {
            return outcome.tag() + " " + aws.awsErrorDetails().errorCode();
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return outcome.tag() + " " + root.getClass().getSimpleName();
    }
}
