package io.microscaler.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microscaler.actuate.aws.Backoff;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ecs.model.EcsException;

/** Throttles and 5xx are read through; a wrong request is not; what still fails is skipped, not fatal. */
class PatientReadsTest {

    private final CountDownLatch stop = new CountDownLatch(1);
    private final PatientReads reads = new PatientReads(stop, new Backoff(Duration.ofMillis(1), Duration.ofMillis(2), new Random(1)));
    private final AtomicInteger calls = new AtomicInteger();

    private static EcsException error(int status, String code) {
        return (EcsException) EcsException.builder().statusCode(status).message(code)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).build();
    }

    /** Fails with each of {@code failures} in turn, then answers "ok". */
    private Supplier<CompletableFuture<String>> script(RuntimeException... failures) {
        return () -> {
            int n = calls.getAndIncrement();
            return n < failures.length ? CompletableFuture.failedFuture(failures[n]) : CompletableFuture.completedFuture("ok");
        };
    }

    @Test
    void readsThroughThrottlesAndServerErrors() throws Exception {
        assertThat(reads.read("ecs:DescribeServices", script(error(400, "ThrottlingException"), error(500, "ServerException"),
                error(400, "ThrottlingException")))).hasValue("ok");
        assertThat(calls).hasValue(4);
    }

    @Test
    void aReadStillFailingAfterEveryAttemptIsSkipped() throws Exception {
        RuntimeException[] throttles = new RuntimeException[PatientReads.ATTEMPTS];
        java.util.Arrays.fill(throttles, error(400, "ThrottlingException"));
        assertThat(reads.read("ecs:DescribeServices", script(throttles))).isEmpty();
        assertThat(calls).hasValue(PatientReads.ATTEMPTS);
    }

    @Test
    void aWrongRequestIsNotRetriedAndEndsTheDemo() {
        assertThatThrownBy(() -> reads.read("ecs:DescribeServices", script(error(400, "ClusterNotFoundException"))))
                .isInstanceOf(ExecutionException.class).hasRootCauseInstanceOf(EcsException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aStoppedDemoWaitsForNoRetry() throws Exception {
        stop.countDown();
        assertThat(reads.read("ecs:DescribeServices", script(error(400, "ThrottlingException")))).isEmpty();
        assertThat(calls).hasValue(1);
    }
}
