package io.microscaler.actuate.aws;

import java.util.Locale;

/** How one attempt of an AWS call ended; also the (bounded) metric tag. */
public enum CallOutcome {
    SUCCESS(false),
    /** Throttled: HTTP 429, or a throttling error code (ThrottlingException, RequestLimitExceeded …). */
    THROTTLED(true),
    /** HTTP 5xx: AWS's fault, worth another try. */
    SERVER_ERROR(true),
    /** No answer: connection refused or reset, or an attempt timed out. */
    IO_ERROR(true),
    /** HTTP 4xx other than throttling: the request is wrong and will stay wrong. */
    CLIENT_ERROR(false),
    /** Anything else (no credentials, a bug): not retried. */
    OTHER_ERROR(false);

    private final boolean retryable;

    CallOutcome(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }

    /** {@code server-error}, for metric tags and logs. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
