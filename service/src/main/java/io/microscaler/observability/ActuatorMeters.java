package io.microscaler.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Actuator meters, tagged by target (dry-run, ecs-service, …) and outcome; AWS calls also by API
 * (a fixed set of operation names such as {@code ecs:UpdateService}) and outcome (a fixed set),
 * so tags stay bounded. Meters are looked up once and cached: the actuator's event loop only
 * increments. {@link #awsApi} registers an API's counters at zero, so a dashboard shows "no
 * throttling" as 0 rather than as no data.
 */
public final class ActuatorMeters {

    /** AWS answers in tens of milliseconds, the local cloud in a few; throttled retries and timeouts take seconds. */
    private static final Duration[] AWS_LATENCY_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final String target;
    private final ConcurrentMap<String, Counter> offered = new ConcurrentHashMap<>();
    private final Timer appliedSuccess;
    private final Timer appliedFailure;
    private final ConcurrentMap<String, ConcurrentMap<String, Counter>> awsCalls = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ConcurrentMap<String, Counter>> awsRetries = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ConcurrentMap<String, Counter>> awsGaveUp = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> awsRateLimited = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ConcurrentMap<String, Timer>> awsLatency = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicInteger> healthy = new ConcurrentHashMap<>();
    private final Counter repairs;
    private final Counter readsBackedOff;
    private final AtomicInteger problemServices = new AtomicInteger();

    public ActuatorMeters(MeterRegistry registry, String target) {
        this.registry = registry;
        this.target = target;
        this.appliedSuccess = applyTimer("success");
        this.appliedFailure = applyTimer("failure");
        this.repairs = Counter.builder("microscaler_actuator_repairs")
                .description("Desired counts found changed at the target and applied again by the reconciler")
                .tag("target", target)
                .register(registry);
        this.readsBackedOff = Counter.builder("microscaler_actuator_reads_backed_off")
                .description("Reads of a service not sent because its last read found it (or its cluster) missing")
                .tag("target", target)
                .register(registry);
        Gauge.builder("microscaler_actuator_problem_services", problemServices, AtomicInteger::get)
                .description("Services whose last apply or read found a misconfiguration (missing, access refused, unreachable)")
                .tag("target", target)
                .register(registry);
    }

    /** A read of a missing service waited out its back-off instead of calling the target. */
    public void readBackedOff() {
        readsBackedOff.increment();
    }

    /** How many services have a problem now. */
    public void problemServices(int count) {
        problemServices.set(count);
    }

    private Timer applyTimer(String outcome) {
        return Timer.builder("microscaler_actuator_apply")
                .description("Applying a desired count to the target, by outcome")
                .tag("target", target).tag("outcome", outcome)
                .register(registry);
    }

    /** An offered decision's fate: start, queued, superseded-waiting, stale. */
    public void offered(String verdict) {
        offered.computeIfAbsent(verdict, v -> Counter.builder("microscaler_actuator_decisions")
                .description("Decisions offered to the actuator, by what became of them")
                .tag("target", target).tag("verdict", v)
                .register(registry)).increment();
    }

    public void applied(boolean succeeded, Duration took) {
        (succeeded ? appliedSuccess : appliedFailure).record(took);
    }

    /**
     * Registers an API's meters at zero: attempts for every outcome, give-ups for every failed
     * outcome, retries for every retryable cause, waits for its token bucket, and its latency timer
     * for successful attempts (the other outcomes' timers, 12 bucket series each, come with their
     * first attempt).
     */
    public void awsApi(String api, Collection<String> outcomes, Collection<String> retryCauses, String success) {
        outcomes.forEach(outcome -> {
            awsCallCounter(api, outcome);
            if (!outcome.equals(success)) {
                awsGaveUpCounter(api, outcome); // a call never fails for good with a success
            }
        });
        retryCauses.forEach(cause -> awsRetryCounter(api, cause));
        awsRateLimitedCounter(api);
        awsLatencyTimer(api, success);
    }

    /** One attempt of an AWS call (each retry counts); outcome is a {@code CallOutcome} tag: success, throttled, … */
    public void awsCall(String api, String outcome) {
        awsCallCounter(api, outcome).increment();
    }

    /** One attempt of an AWS call, and how long it took from being sent to its answer (or failure). */
    public void awsCall(String api, String outcome, Duration took) {
        awsCall(api, outcome);
        awsLatencyTimer(api, outcome).record(took);
    }

    /**
     * Healthy targets of a service as the target's last health read found them. The gauge exists
     * from the first read on: a target that reads no health (dry run, a service without a load
     * balancer) never shows one.
     */
    public void healthy(String service, int count) {
        healthy.computeIfAbsent(service, s -> {
            AtomicInteger holder = new AtomicInteger();
            Gauge.builder("microscaler_service_healthy_tasks", holder, AtomicInteger::get)
                    .description("Healthy targets of the service's load balancer target group, as last read by the actuator")
                    .tag("service", s)
                    .strongReference(true)
                    .register(registry);
            return holder;
        }).set(count);
    }

    private Counter awsCallCounter(String api, String outcome) {
        return counter(awsCalls, api, outcome, "microscaler_aws_calls",
                "Attempts of AWS API calls (each retry counts), by API and outcome", "outcome");
    }

    private Timer awsLatencyTimer(String api, String outcome) {
        return awsLatency.computeIfAbsent(api, a -> new ConcurrentHashMap<>())
                .computeIfAbsent(outcome, o -> Timer.builder("microscaler_aws_call")
                        .description("Latency of one AWS call attempt, from sending it to its answer, by API and outcome")
                        .tag("target", target).tag("api", api).tag("outcome", o)
                        // A few fixed buckets rather than a percentile histogram's ~70: enough for a p95 panel
                        .serviceLevelObjectives(AWS_LATENCY_BUCKETS)
                        .register(registry));
    }

    /** A failed attempt that will be tried again after a back-off; cause is the failed attempt's outcome. */
    public void awsRetry(String api, String cause) {
        awsRetryCounter(api, cause).increment();
    }

    private Counter awsRetryCounter(String api, String cause) {
        return counter(awsRetries, api, cause, "microscaler_aws_retries",
                "AWS call attempts retried after a back-off, by API and what failed", "cause");
    }

    /** A call gave up: not retryable, attempts exhausted or deadline passed; last is the last attempt's outcome. */
    public void awsGaveUp(String api, String last) {
        awsGaveUpCounter(api, last).increment();
    }

    private Counter awsGaveUpCounter(String api, String last) {
        return counter(awsGaveUp, api, last, "microscaler_aws_calls_failed",
                "AWS calls that failed for good, by API and the last attempt's outcome", "last");
    }

    /** A call that waited for its API's token bucket. */
    public void awsRateLimited(String api) {
        awsRateLimitedCounter(api).increment();
    }

    private Counter awsRateLimitedCounter(String api) {
        return awsRateLimited.computeIfAbsent(api, a -> Counter.builder("microscaler_aws_rate_limited")
                .description("AWS calls that waited for a token of their API's token bucket")
                .tag("target", target).tag("api", a)
                .register(registry));
    }

    /** The reconciler re-applied a desired count that had drifted. */
    public void repaired() {
        repairs.increment();
    }

    private Counter counter(ConcurrentMap<String, ConcurrentMap<String, Counter>> cache, String api, String value,
                            String name, String description, String tag) {
        return cache.computeIfAbsent(api, a -> new ConcurrentHashMap<>())
                .computeIfAbsent(value, v -> Counter.builder(name).description(description)
                        .tag("target", target).tag("api", api).tag(tag, v)
                        .register(registry));
    }
}
