package io.microscaler.actuate.aws;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which failed AWS calls deserve a log line, so that a broken endpoint shows in the log without
 * flooding it (issue 17: 985 failed calls counted, none logged). Per API ({@code ecs:UpdateService}),
 * the first failure and every change of cause is a {@link Kind#FAILING} note (logged at WARN), a
 * success after failures a {@link Kind#RECOVERED} note (INFO) with how many failed meanwhile; the
 * same cause again is only counted (the metrics count every attempt). A cause is what tells
 * failures apart for an operator: the outcome and the AWS error code ({@code throttled
 * ThrottlingException}), or the exception's class, never its message (request ids differ each time).
 *
 * <p>Pure, and safe to share: {@link AwsCalls} is used from several contexts at once.
 */
public final class FailureNotes {

    public enum Kind { FAILING, RECOVERED }

    /**
     * What to log.
     *
     * @param previousCause for FAILING, the cause it replaces (empty for the first failure);
     *                      for RECOVERED, the cause that ended
     * @param failures      for RECOVERED, the failed attempts since the API last succeeded
     */
    public record Note(Kind kind, String api, String cause, Optional<String> previousCause, long failures) {
    }

    private record Failing(String cause, long failures) {
    }

    private final Map<String, Failing> failing = new HashMap<>();

    /** An attempt of {@code api} failed with {@code cause}: a note if that is news. */
    public synchronized Optional<Note> failed(String api, String cause) {
        Failing before = failing.get(api);
        if (before == null) {
            failing.put(api, new Failing(cause, 1));
            return Optional.of(new Note(Kind.FAILING, api, cause, Optional.empty(), 1));
        }
        long failures = before.failures() + 1;
        failing.put(api, new Failing(cause, failures));
        return before.cause().equals(cause) ? Optional.empty()
                : Optional.of(new Note(Kind.FAILING, api, cause, Optional.of(before.cause()), failures));
    }

    /** An attempt of {@code api} succeeded: a note if it had been failing. */
    public synchronized Optional<Note> succeeded(String api) {
        Failing before = failing.remove(api);
        return before == null ? Optional.empty()
                : Optional.of(new Note(Kind.RECOVERED, api, before.cause(), Optional.of(before.cause()), before.failures()));
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
