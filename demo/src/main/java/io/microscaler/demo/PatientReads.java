package io.microscaler.demo;

import io.microscaler.actuate.aws.Backoff;
import io.microscaler.actuate.aws.CallOutcome;
import io.microscaler.actuate.aws.RetryClassifier;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demos' own reads of the cloud (their progress lines, the cluster's counts), made as patient
 * as the actuator's calls. The local cloud takes faults on request (the README's
 * {@code throttleRate 0.3} on {@code ecs:*}), and a demo that only watches must not die of one, as
 * it did ("the demo failed … EcsException: Rate exceeded at Demo.sample"). A retryable failure
 * ({@link RetryClassifier}: throttled, 5xx, no answer) is tried again after a full-jitter back-off,
 * 100 ms doubling to 1.6 s, up to {@value #ATTEMPTS} attempts: with 30 % throttles and 10 % server
 * errors one read in 0.37^7 ≈ 1,000 still fails, and is then skipped: {@link #read} returns empty
 * and the caller leaves that second out. Other failures (a wrong request) still end the demo.
 *
 * <p>Blocking: the demo's main thread only, never an event loop. A stop ends a wait at once.
 */
final class PatientReads {

    private static final Logger LOG = LoggerFactory.getLogger(PatientReads.class);

    static final int ATTEMPTS = 7;
    private static final long ATTEMPT_TIMEOUT_S = 10;

    private final Backoff backoff;
    private final CountDownLatch stop;

    /** @param stop counted down when the demo stops: a back-off in progress ends and the read is skipped */
    PatientReads(CountDownLatch stop) {
        this(stop, new Backoff(Duration.ofMillis(100), Duration.ofMillis(1600), new Random()));
    }

    PatientReads(CountDownLatch stop, Backoff backoff) {
        this.stop = stop;
        this.backoff = backoff;
    }

    /**
     * Makes the read, again after retryable failures.
     *
     * @param what names the read in the log, e.g. {@code ecs:DescribeServices}
     * @return the answer, or empty if it still failed retryably after every attempt, or the demo stopped meanwhile
     * @throws ExecutionException for a failure not worth retrying
     */
    <T> Optional<T> read(String what, Supplier<CompletableFuture<T>> call) throws ExecutionException, InterruptedException {
        Throwable last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (attempt > 0 && stop.await(backoff.delayNanos(attempt - 1), TimeUnit.NANOSECONDS)) {
                return Optional.empty();
            }
            try {
                return Optional.of(call.get().get(ATTEMPT_TIMEOUT_S, TimeUnit.SECONDS));
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? RetryClassifier.unwrap(e.getCause()) : e;
                CallOutcome outcome = e instanceof TimeoutException ? CallOutcome.IO_ERROR : RetryClassifier.classify(cause);
                if (!outcome.retryable()) {
                    throw e instanceof ExecutionException ee ? ee : new ExecutionException(cause);
                }
                last = cause;
            }
        }
        LOG.warn("{} still failing after {} attempts ({}): this second is left out of the demo's samples", what, ATTEMPTS,
                last);
        return Optional.empty();
    }
}
