package io.microscaler.actuate.aws;

import io.microscaler.config.ActuatorConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs SDK calls the way the actuator needs them: a token from the API's {@link TokenBucket}
 * before every attempt, retries on {@link RetryClassifier retryable} failures after a
 * {@link Backoff} with full jitter, at most {@code maxAttempts} attempts within a deadline, and the
 * result completed on the Vert.x context that made the call. All waiting is on Vert.x timers: no
 * thread ever blocks, and SDK code runs on worker threads, never on an event loop. The SDK's own retries must be off ({@link AwsClients} does that), or one
 * attempt here would be several on the wire, unseen by the bucket and the counts.
 *
 * <p>Safe to share between contexts: each call keeps to its own context, and the buckets are
 * guarded.
 */
public final class AwsCalls {

    private static final Logger LOG = LoggerFactory.getLogger(AwsCalls.class);

    /**
     * @param maxAttempts    attempts per call, the first included (1: never retry)
     * @param baseDelay      back-off ceiling before the first retry; doubles per retry
     * @param maxDelay       back-off ceiling at most
     * @param deadline       a call that has not succeeded this long after it was made fails
     * @param callsPerSecond token bucket rate, per API
     * @param burst          token bucket size, per API
     */
    public record Settings(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration deadline,
                           double callsPerSecond, int burst) {

        public Settings {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1, but was " + maxAttempts);
            }
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("deadline must be > 0, but was " + deadline);
            }
            // Backoff and TokenBucket check the rest.
        }

        /** From {@code actuator.aws.*}: retries, deadline and the token bucket of every API. */
        public static Settings from(ActuatorConfig.Aws aws) {
            return new Settings(aws.retry().maxAttempts(), aws.retry().baseDelay(), aws.retry().maxDelay(),
                    aws.retry().deadline(), aws.callsPerSecond(), aws.burst());
        }
    }

    private final Vertx vertx;
    private final Settings settings;
    private final Backoff backoff;
    private final AwsCallListener listener;
    private final LongSupplier nanoTime;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final FailureNotes notes = new FailureNotes();

    public AwsCalls(Vertx vertx, Settings settings, AwsCallListener listener) {
        this(vertx, settings, new Backoff(settings.baseDelay(), settings.maxDelay(), new Random()), listener,
                System::nanoTime);
    }

    /** For tests: a seeded back-off and a clock of one's own. */
    public AwsCalls(Vertx vertx, Settings settings, Backoff backoff, AwsCallListener listener, LongSupplier nanoTime) {
        this.vertx = vertx;
        this.settings = settings;
        this.backoff = backoff;
        this.listener = listener;
        this.nanoTime = nanoTime;
    }

    /** Who hears of every attempt (metrics, logs). */
    public AwsCallListener listener() {
        return listener;
    }

    /**
     * Makes a call. Must be called on a Vert.x context (a verticle's, or one from
     * {@code vertx.getOrCreateContext()}); the returned future completes there.
     *
     * @param api     the operation, e.g. {@code ecs:UpdateService}: names its token bucket and its metrics
     * @param request starts one attempt, e.g. {@code () -> ecs.updateService(request)}; called once per attempt
     */
    public <T> Future<T> call(String api, Supplier<? extends CompletionStage<T>> request) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Future.failedFuture(new IllegalStateException(
                    api + ": AWS calls must be made on a Vert.x context, so their results complete on it"));
        }
        Call<T> call = new Call<>(api, request, context, nanoTime.getAsLong() + settings.deadline().toNanos());
        call.next();
        return call.promise.future();
    }

    /** One call, attempt after attempt, always on {@code context}. */
    private final class Call<T> {
        final String api;
        final Supplier<? extends CompletionStage<T>> request;
        final Context context;
        final long deadline;
        final Promise<T> promise = Promise.promise();
        int attempts;
        Throwable lastFailure;
        CallOutcome lastOutcome = CallOutcome.OTHER_ERROR;

        Call(String api, Supplier<? extends CompletionStage<T>> request, Context context, long deadline) {
            this.api = api;
            this.request = request;
            this.context = context;
            this.deadline = deadline;
        }

        /** Waits for a token, then sends. */
        void next() {
            long now = nanoTime.getAsLong();
            TokenBucket bucket = bucket(api, now);
            long wait;
            synchronized (bucket) {
                wait = bucket.reserve(now);
                if (wait > 0 && now + wait - deadline >= 0) {
                    bucket.release(now);
                    giveUp("no token due before the deadline");
                    return;
                }
            }
            if (wait == 0) {
                send();
            } else {
                listener.rateLimited(api);
                later(wait, this::send);
            }
        }

        void send() {
            attempts++;
            long sent = nanoTime.getAsLong();
            // The SDK prepares, resolves credentials for and signs a request on the calling thread.
            // Its first call loads hundreds of classes, and the default credential chain may fetch
            // credentials over HTTP (ECS task role, instance metadata): never on an event loop. So
            // attempts start on a worker; their results come back on the calling context.
            context.executeBlocking(request::get, false)
                    .compose(stage -> Future.fromCompletionStage(stage, context))
                    .onComplete(result -> {
                        Duration took = Duration.ofNanos(nanoTime.getAsLong() - sent);
                        if (result.succeeded()) {
                            listener.attempt(api, CallOutcome.SUCCESS, took);
                            notes.succeeded(api, nanoTime.getAsLong()).ifPresent(note -> LOG.info(
                                    "{}: recovered, no failure for {} s; {} attempt(s) had failed, the last {}", api,
                                    FailureNotes.QUIET.toSeconds(), note.failures(), note.cause()));
                            promise.complete(result.result());
                        } else {
                            failed(RetryClassifier.unwrap(result.cause()), took);
                        }
                    });
        }

        void failed(Throwable failure, Duration took) {
            CallOutcome outcome = RetryClassifier.classify(failure);
            listener.attempt(api, outcome, took);
            // A missing service or cluster is one service's problem, logged per service by the actuator
            // (ServiceProblems); noted here too it would start a failing spell of the whole API.
            (ProblemCauses.missing(failure) ? java.util.Optional.<FailureNotes.Note>empty()
                    : notes.failed(api, FailureNotes.cause(outcome, failure), nanoTime.getAsLong())).ifPresent(note -> LOG.warn(
                    "{}: failing ({}{}): {}; {}; more of the same are counted in microscaler_aws_calls_total, not logged",
                    api, note.cause(), note.previousCause().map(p -> ", was " + p).orElse(""), failure.toString(),
                    outcome.retryable() ? "retried" : "not retried"));
            lastFailure = failure;
            lastOutcome = outcome;
            if (!outcome.retryable()) {
                listener.gaveUp(api, outcome);
                promise.fail(failure);
                return;
            }
            if (attempts >= settings.maxAttempts()) {
                LOG.debug("{}: giving up after {} attempts: {}", api, attempts, failure.toString());
                listener.gaveUp(api, outcome);
                promise.fail(failure);
                return;
            }
            long delay = backoff.delayNanos(attempts - 1);
            if (nanoTime.getAsLong() + delay - deadline >= 0) {
                giveUp("the next retry would be after the deadline");
                return;
            }
            LOG.debug("{}: attempt {} failed ({}), retrying in {} ms", api, attempts, outcome.tag(), delay / 1_000_000);
            listener.retry(api, outcome);
            later(delay, this::next);
        }

        void giveUp(String why) {
            listener.gaveUp(api, lastOutcome);
            promise.fail(new AwsCallTimeoutException(api + ": no success within the deadline of "
                    + settings.deadline().toMillis() + " ms after " + attempts + " attempt(s): " + why
                    + (lastFailure == null ? "" : "; last failure: " + lastFailure), lastFailure));
        }

        /** Runs {@code action} on {@code context} after {@code nanos} (Vert.x timers count whole milliseconds). */
        void later(long nanos, Runnable action) {
            long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
            // Timers set from a context fire on it; this runs on the context (the first attempt on the
            // caller's thread, the rest from completions and timers that fromCompletionStage and
            // setTimer deliver there), but say so rather than rely on it.
            context.runOnContext(v -> vertx.setTimer(millis, id -> action.run()));
        }
    }

    private TokenBucket bucket(String api, long now) {
        return buckets.computeIfAbsent(api, a -> new TokenBucket(settings.callsPerSecond(), settings.burst(), now));
    }
}
