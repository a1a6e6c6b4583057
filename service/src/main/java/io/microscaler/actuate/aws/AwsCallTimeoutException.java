package io.microscaler.actuate.aws;

/** A call did not succeed within its deadline; the last attempt's failure is the cause, if any. */
public final class AwsCallTimeoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AwsCallTimeoutException(String message, Throwable lastFailure) {
        super(message, lastFailure);
    }
}
