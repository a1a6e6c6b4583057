package io.microscaler.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Actuator meters, tagged by target (dry-run, ecs-service, …) and outcome; AWS calls also by API
 * (a fixed set of operation names such as {@code ecs:UpdateService}) and outcome (a fixed set),
 * so tags stay bounded. Meters are looked up once and cached: the actuator's event loop only
 * increments.
 */
public final class ActuatorMeters {

    private final MeterRegistry registry;
    private final String target;
    private final ConcurrentMap<String, Counter> offered = new ConcurrentHashMap<>();
    private final Timer appliedSuccess;
    private final Timer appliedFailure;
    private final ConcurrentMap<String, ConcurrentMap<String, Counter>> awsCalls = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ConcurrentMap<String, Counter>> awsRetries = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ConcurrentMap<String, Counter>> awsGaveUp = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> awsRateLimited = new ConcurrentHashMap<>();
    private final Counter repairs;

    public ActuatorMeters(MeterRegistry registry, String target) {
        this.registry = registry;
        this.target = target;
        this.appliedSuccess = applyTimer("success");
        this.appliedFailure = applyTimer("failure");
        this.repairs = Counter.builder("microscaler_actuator_repairs")
                .description("Desired counts found changed at the target and applied again by the reconciler")
                .tag("target", target)
                .register(registry);
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

    /** One attempt of an AWS call (each retry counts); outcome is a {@code CallOutcome} tag: success, throttled, … */
    public void awsCall(String api, String outcome) {
        counter(awsCalls, api, outcome, "microscaler_aws_calls",
                "Attempts of AWS API calls (each retry counts), by API and outcome", "outcome").increment();
    }

    /** A failed attempt that will be tried again after a back-off; cause is the failed attempt's outcome. */
    public void awsRetry(String api, String cause) {
        counter(awsRetries, api, cause, "microscaler_aws_retries",
                "AWS call attempts retried after a back-off, by API and what failed", "cause").increment();
    }

    /** A call gave up: not retryable, attempts exhausted or deadline passed; last is the last attempt's outcome. */
    public void awsGaveUp(String api, String last) {
        counter(awsGaveUp, api, last, "microscaler_aws_calls_failed",
                "AWS calls that failed for good, by API and the last attempt's outcome", "last").increment();
    }

    /** A call that waited for its API's token bucket. */
    public void awsRateLimited(String api) {
        awsRateLimited.computeIfAbsent(api, a -> Counter.builder("microscaler_aws_rate_limited")
                .description("AWS calls that waited for a token of their API's token bucket")
                .tag("target", target).tag("api", a)
                .register(registry)).increment();
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
