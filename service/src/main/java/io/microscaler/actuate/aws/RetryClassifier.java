package io.microscaler.actuate.aws;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Which failures are worth another attempt: throttling, 5xx and transient I/O; never a 4xx client
 * error ({@code ServiceNotFoundException}, {@code InvalidParameterException} …), which would fail
 * the same way again. Pure.
 */
public final class RetryClassifier {

    /** Throttling codes across AWS protocols; the SDK knows most, these are checked explicitly too. */
    static final Set<String> THROTTLING_CODES = Set.of(
            "ThrottlingException", "Throttling", "RequestLimitExceeded", "TooManyRequestsException",
            "ThrottledException", "RequestThrottled", "RequestThrottledException", "SlowDown",
            "ProvisionedThroughputExceededException", "BandwidthLimitExceeded", "EC2ThrottledException",
            "PriorRequestNotComplete");
    // Not LimitExceededException: in ECS that is a quota (too many services), not a rate.

    private RetryClassifier() {
    }

    /** What a failed attempt was; never {@link CallOutcome#SUCCESS}. */
    public static CallOutcome classify(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof ServiceMissingException) {
            return CallOutcome.CLIENT_ERROR; // a DescribeServices failure MISSING: a 200 that answers "no such service"
        }
        if (t instanceof SdkServiceException service) {
            if (service.isThrottlingException() || service.statusCode() == 429 || hasThrottlingCode(service)) {
                return CallOutcome.THROTTLED;
            }
            if (service.statusCode() >= 500) {
                return CallOutcome.SERVER_ERROR;
            }
            return CallOutcome.CLIENT_ERROR;
        }
        if (t instanceof SdkClientException || t instanceof IOException) {
            return transientIo(t) ? CallOutcome.IO_ERROR : CallOutcome.OTHER_ERROR;
        }
        return CallOutcome.OTHER_ERROR;
    }

    public static boolean retryable(Throwable failure) {
        return classify(failure).retryable();
    }

    /** The failure itself, not the {@link CompletionException} a {@code CompletableFuture} wraps it in. */
    public static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static boolean hasThrottlingCode(SdkServiceException e) {
        return e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                && THROTTLING_CODES.contains(aws.awsErrorDetails().errorCode());
    }

    /**
     * A connection problem or timeout anywhere in the cause chain: refused, reset, closed, an
     * attempt timeout ({@code ApiCallAttemptTimeoutException}) or Netty's read/write timeouts
     * (which are not {@link IOException}s). An {@link SdkClientException} without one ("unable to
     * load credentials", a marshalling error) is not transient.
     */
    private static boolean transientIo(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof IOException || c instanceof TimeoutException
                    || c.getClass().getSimpleName().endsWith("TimeoutException")) {
                return true;
            }
        }
        return false;
    }
}
