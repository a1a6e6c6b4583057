package io.microscaler.actuate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ecs.model.EcsException;

/**
 * {@link AwsCalls} against scripted calls that complete on another thread, as the SDK's do: retries
 * what is worth retrying and nothing else, spaces calls by the bucket, honours the deadline, and
 * always completes on the calling context.
 */
@ExtendWith(VertxExtension.class)
class AwsCallsTest {

    private static final AwsCalls.Settings FAST =
            new AwsCalls.Settings(8, Duration.ofMillis(1), Duration.ofMillis(4), Duration.ofSeconds(10), 1000, 1000);

    // Stands in for the SDK's response threads.
    private final ExecutorService sdkThread = Executors.newSingleThreadExecutor();
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final AwsCallListener listener = new AwsCallListener() {
        @Override
        public void attempt(String api, CallOutcome outcome) {
            events.add("attempt " + outcome.tag());
        }

        @Override
        public void retry(String api, CallOutcome cause) {
            events.add("retry " + cause.tag());
        }

        @Override
        public void rateLimited(String api) {
            events.add("rate-limited");
        }

        @Override
        public void gaveUp(String api, CallOutcome last) {
            events.add("gave-up " + last.tag());
        }
    };

    @AfterEach
    void stopSdkThread() {
        sdkThread.shutdownNow();
    }

    static EcsException error(int status, String code) {
        return (EcsException) EcsException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
    }

    /** Fails with each of {@code failures} in turn, then answers "ok"; counts calls. */
    private Supplier<CompletableFuture<String>> script(AtomicInteger calls, RuntimeException... failures) {
        return () -> {
            int n = calls.getAndIncrement();
            return CompletableFuture.supplyAsync(() -> {
                if (n < failures.length) {
                    throw failures[n];
                }
                return "ok";
            }, sdkThread);
        };
    }

    private AwsCalls calls(Vertx vertx, AwsCalls.Settings settings) {
        return new AwsCalls(vertx, settings, new Backoff(settings.baseDelay(), settings.maxDelay(), new Random(1)),
                listener, System::nanoTime);
    }

    @Test
    void retriesThrottlingAndServerErrorsAndCompletesOnTheCallersContext(Vertx vertx, VertxTestContext test) {
        AwsCalls calls = calls(vertx, FAST);
        AtomicInteger attempts = new AtomicInteger();
        Context context = vertx.getOrCreateContext();

        context.runOnContext(v -> calls.call("ecs:UpdateService",
                        script(attempts, error(400, "ThrottlingException"), error(503, "ServiceUnavailable")))
                .onComplete(test.succeeding(result -> test.verify(() -> {
                    assertThat(Vertx.currentContext()).isSameAs(context);
                    assertThat(Context.isOnEventLoopThread()).isTrue();
                    assertThat(result).isEqualTo("ok");
                    assertThat(attempts).hasValue(3);
                    assertThat(events).containsExactly("attempt throttled", "retry throttled",
                            "attempt server-error", "retry server-error", "attempt success");
                    test.completeNow();
                }))));
    }

    @Test
    void logsOneWarningPerChangeOfCauseNotPerFailure(Vertx vertx, VertxTestContext test) {
        AwsCalls calls = calls(vertx, FAST);
        AtomicInteger attempts = new AtomicInteger();
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(AwsCalls.class);
        var appender = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        appender.start();
        log.addAppender(appender);

        // Three throttles, then two server errors, then an answer: two causes, two warnings
        vertx.getOrCreateContext().runOnContext(v -> calls.call("ecs:UpdateService", script(attempts,
                        error(400, "ThrottlingException"), error(400, "ThrottlingException"), error(400, "ThrottlingException"),
                        error(503, "ServiceUnavailable"), error(503, "ServiceUnavailable")))
                .onComplete(test.succeeding(result -> test.verify(() -> {
                    log.detachAppender(appender);
                    assertThat(attempts).hasValue(6);
                    assertThat(appender.list).extracting(e -> e.getLevel().toString() + " " + e.getFormattedMessage())
                            .hasSize(2)
                            .satisfiesExactly(
                                    first -> assertThat(first).startsWith("WARN ecs:UpdateService: failing (throttled ThrottlingException): "),
                                    second -> assertThat(second).startsWith("WARN ecs:UpdateService: failing (server-error"
                                            + " ServiceUnavailable, was throttled ThrottlingException): "));
                    test.completeNow();
                }))));
    }

    @Test
    void neverRetriesAClientError(Vertx vertx, VertxTestContext test) {
        AwsCalls calls = calls(vertx, FAST);
        AtomicInteger attempts = new AtomicInteger();
        EcsException invalid = error(400, "InvalidParameterException");

        vertx.getOrCreateContext().runOnContext(v -> calls.call("ecs:UpdateService", script(attempts, invalid))
                .onComplete(test.failing(e -> test.verify(() -> {
                    assertThat(e).isSameAs(invalid);
                    assertThat(attempts).hasValue(1);
                    assertThat(events).containsExactly("attempt client-error", "gave-up client-error");
                    test.completeNow();
                }))));
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheLastFailure(Vertx vertx, VertxTestContext test) {
        AwsCalls calls = calls(vertx, new AwsCalls.Settings(3, Duration.ofMillis(1), Duration.ofMillis(2),
                Duration.ofSeconds(10), 1000, 1000));
        AtomicInteger attempts = new AtomicInteger();
        EcsException last = error(400, "ThrottlingException");

        vertx.getOrCreateContext().runOnContext(v -> calls.call("ecs:DescribeServices",
                        script(attempts, error(500, "InternalFailure"), error(500, "InternalFailure"), last, last))
                .onComplete(test.failing(e -> test.verify(() -> {
                    assertThat(e).isSameAs(last);
                    assertThat(attempts).hasValue(3);
                    assertThat(events).filteredOn(s -> s.startsWith("attempt")).hasSize(3);
                    assertThat(events).last().isEqualTo("gave-up throttled");
                    test.completeNow();
                }))));
    }

    @Test
    void stopsRetryingAtTheDeadline(Vertx vertx, VertxTestContext test) {
        // 20 ms between attempts at most, a 100 ms deadline: a handful of attempts, never 100.
        AwsCalls calls = calls(vertx, new AwsCalls.Settings(100, Duration.ofMillis(20), Duration.ofMillis(20),
                Duration.ofMillis(100), 1000, 1000));
        AtomicInteger attempts = new AtomicInteger();
        Supplier<CompletableFuture<String>> alwaysThrottled =
                () -> {
                    attempts.incrementAndGet();
                    return CompletableFuture.failedFuture(error(400, "ThrottlingException"));
                };
        vertx.getOrCreateContext().runOnContext(v -> calls.call("ecs:UpdateService", alwaysThrottled)
                .onComplete(test.failing(e -> test.verify(() -> {
                    assertThat(e).isInstanceOf(AwsCallTimeoutException.class)
                            .hasMessageContaining("ecs:UpdateService: no success within the deadline of 100 ms")
                            .hasCauseInstanceOf(EcsException.class);
                    assertThat(attempts.get()).isBetween(2, 60);
                    test.completeNow();
                }))));
    }

    @Test
    void aCallWithoutTokensWaitsForTheBucket(Vertx vertx, VertxTestContext test) {
        // 50 calls/s, burst 1: the first call takes the token, the four others each wait for one.
        // (How long they wait is the TokenBucket's arithmetic, tested with manual nanos; a wall-clock
        // bound here flaked: Vert.x timers fire on whole milliseconds, 78.3 ms against 79.)
        AwsCalls calls = calls(vertx, new AwsCalls.Settings(1, Duration.ofMillis(1), Duration.ofMillis(1),
                Duration.ofSeconds(10), 50, 1));
        List<Long> sentAt = Collections.synchronizedList(new ArrayList<>());
        Supplier<CompletableFuture<String>> call = () -> {
            sentAt.add(System.nanoTime());
            return CompletableFuture.completedFuture("ok");
        };

        vertx.getOrCreateContext().runOnContext(v -> {
            List<Future<String>> all = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                all.add(calls.call("ecs:DescribeServices", call));
            }
            Future.all(all).onComplete(test.succeeding(done -> test.verify(() -> {
                assertThat(sentAt).hasSize(5);
                assertThat(events).filteredOn("rate-limited"::equals).hasSize(4);
                test.completeNow();
            })));
        });
    }

    @Test
    void eachApiHasItsOwnBucket(Vertx vertx, VertxTestContext test) {
        AwsCalls calls = calls(vertx, new AwsCalls.Settings(1, Duration.ofMillis(1), Duration.ofMillis(1),
                Duration.ofSeconds(10), 0.001, 1));
        Supplier<CompletableFuture<String>> call = () -> CompletableFuture.completedFuture("ok");

        vertx.getOrCreateContext().runOnContext(v -> Future.all(calls.call("ecs:UpdateService", call),
                        calls.call("ecs:DescribeServices", call), calls.call("elbv2:DescribeTargetHealth", call))
                .onComplete(test.succeeding(done -> test.verify(() -> {
                    assertThat(events).doesNotContain("rate-limited");
                    test.completeNow();
                }))));
    }

    @Test
    void aSynchronousThrowIsAFailedCallNotAnEscape(Vertx vertx, VertxTestContext test) {
        AwsCalls calls = calls(vertx, FAST);

        vertx.getOrCreateContext().runOnContext(v -> calls.<String>call("ecs:UpdateService", () -> {
            throw new IllegalArgumentException("bad request");
        }).onComplete(test.failing(e -> test.verify(() -> {
            assertThat(e).isInstanceOf(IllegalArgumentException.class).hasMessage("bad request");
            assertThat(events).containsExactly("attempt other-error", "gave-up other-error");
            test.completeNow();
        }))));
    }

    @Test
    void refusesACallFromOutsideAnyContext(Vertx vertx) {
        AwsCalls calls = calls(vertx, FAST);
        AtomicInteger attempts = new AtomicInteger();

        Future<String> f = calls.call("ecs:UpdateService", script(attempts));

        assertThat(f.failed()).isTrue();
        assertThat(f.cause()).isInstanceOf(IllegalStateException.class).hasMessageContaining("on a Vert.x context");
        assertThat(attempts).hasValue(0);
    }
}
