package io.microscaler.actuate.aws;

import io.microscaler.actuate.Problem;
import io.microscaler.actuate.ScalingTarget;
import io.microscaler.observability.LogBudget;
import io.microscaler.policy.Capacity;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lives beside Application Auto Scaling: in front of the ECS service target, it reads at
 * {@link #start} what Application Auto Scaling does to each service-mode service and then:
 *
 * <ul>
 *   <li>no scalable target, no policy, or dynamic scaling suspended both ways: nothing to do;</li>
 *   <li>dynamic scaling active and {@code takeOver: false}: the service is <b>held</b>: its decisions are
 *       not applied ({@link #held}), a WARN says why and how to take over, and the problem
 *       {@code dynamic-scaling-active} is shown; the two would otherwise fight over the desired count;</li>
 *   <li>dynamic scaling active and {@code takeOver: true}: the state is recorded in the target's
 *       tag and dynamic scaling suspended ({@link ScalableTargetCalls#suspend}), then microscaler scales it;</li>
 *   <li>the read failed (no permission, no answer): held as {@code dynamic-scaling-unknown}, and read
 *       again before each of the service's reconcile reads until it succeeds: microscaler does not
 *       set a count it cannot tell is not someone else's.</li>
 * </ul>
 *
 * In shadow mode nothing is held or suspended (nothing is applied anyway): it says what it found and
 * what take-over would do. {@link #stop} hands the services taken over back when asked to
 * ({@code actuator.handBackOnStop}). Everything else goes to the wrapped target. Used on the
 * actuator's context, as the wrapped target is.
 */
public final class TakeOverTarget implements ScalingTarget {

    public static final String DYNAMIC_SCALING_ACTIVE = "dynamic-scaling-active";
    public static final String DYNAMIC_SCALING_UNKNOWN = "dynamic-scaling-unknown";
    private static final Logger LOG = LoggerFactory.getLogger(TakeOverTarget.class);

    private final ScalingTarget inner;
    private final ScalableTargetCalls calls;
    /** Service-mode services, each with its {@code takeOver}. */
    private final Map<String, Boolean> takeOver;
    private final boolean shadow;
    private final boolean handBackOnStop;
    private final Map<String, Problem> held = new TreeMap<>();
    private final Map<String, DynamicScaling> takenOver = new TreeMap<>();
    // one WARN per service that could not be read: with 10,000 services and no permission, 10,000 lines at
    // once on the actuator's event loop. The first ones say it; then a count (the problems list has them all)
    private final LogBudget unknownLines = new LogBudget(20, 60_000);

    public TakeOverTarget(ScalingTarget inner, ScalableTargetCalls calls, Map<String, Boolean> takeOver, boolean shadow,
                          boolean handBackOnStop) {
        this.inner = inner;
        this.calls = calls;
        this.takeOver = Map.copyOf(takeOver);
        this.shadow = shadow;
        this.handBackOnStop = handBackOnStop;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public Future<Void> start() {
        List<Future<Void>> checks = new ArrayList<>();
        for (String service : new TreeSet<>(takeOver.keySet())) {
            checks.add(check(service));
        }
        return Future.join(checks).onComplete(done -> sayLeftOut()).compose(v -> inner.start(), e -> inner.start());
    }

    /** Reads what Application Auto Scaling does to the service and acts on it; never fails. */
    private Future<Void> check(String service) {
        return calls.read(service, !shadow).compose(found -> act(service, found)).recover(e -> {
            holdUnknown(service, "could not read the Application Auto Scaling of '" + service + "' ("
                    + calls.resourceId(service) + "): " + RetryClassifier.unwrap(e), "DescribeScalableTargets,"
                    + " DescribeScalingPolicies and ListTagsForResource");
            return Future.succeededFuture();
        });
    }

    /**
     * Holds the service as {@link #DYNAMIC_SCALING_UNKNOWN} (read again before each reconcile), with a
     * WARN when the cause is new. Shadow mode only says so: it applies nothing anyway.
     */
    private void holdUnknown(String service, String what, String permissions) {
        Problem unknown = new Problem(DYNAMIC_SCALING_UNKNOWN, what + ": not setting its desired count until it can tell"
                + " that no scaling policy does (tried again before each reconcile); check the permissions"
                + " application-autoscaling:" + permissions + " (deploy/iam) and actuator.aws.endpoints", false);
        if (shadow) {
            if (unknownLines.tryWrite(System.currentTimeMillis())) {
                LOG.warn("{}: shadow: {}", service, unknown.message());
            }
            return;
        }
        Problem before = held.put(service, unknown);
        if ((before == null || !before.cause().equals(unknown.cause())) && unknownLines.tryWrite(System.currentTimeMillis())) {
            sayLeftOut();
            LOG.warn("{}: {}", service, unknown.message());
        }
    }

    private void sayLeftOut() {
        long leftOut = unknownLines.drainLeftOut();
        if (leftOut > 0) {
            LOG.warn("{} more services' Application Auto Scaling could not be read, as above ({} such lines are"
                    + " written); /health/ready and /api/services list them all", leftOut, unknownLines.describe());
        }
    }

    private Future<Void> act(String service, DynamicScaling found) {
        boolean wasHeld = held.remove(service) != null;
        if (!found.active()) {
            if (found.recorded().isPresent()) {
                LOG.info("{}: taken over from Application Auto Scaling earlier ({}); `microscaler handback` gives it back",
                        service, found.describe());
                takenOver.put(service, found);
            } else if (wasHeld) {
                LOG.info("{}: Application Auto Scaling read: {}; scaling it", service, found.describe());
            }
            return Future.succeededFuture();
        }
        if (shadow) {
            LOG.info("{}: shadow: scaled by Application Auto Scaling ({}); shadow mode compares with it and changes"
                    + " nothing{}", service, found.describe(), takeOver.get(service)
                    ? "; in act mode takeOver: true would suspend its dynamic scaling" : "");
            return Future.succeededFuture();
        }
        if (!takeOver.get(service)) {
            Problem problem = new Problem(DYNAMIC_SCALING_ACTIVE, "Application Auto Scaling scales ECS service '" + service
                    + "' (" + found.describe() + "): microscaler does not set its desired count, or the two would fight"
                    + " over it. To let microscaler scale it, set services." + service + ".takeOver: true: at start it"
                    + " records the scalable target's state in the tag " + DynamicScaling.TAG + " and suspends its dynamic"
                    + " scaling; `microscaler handback` restores it", false);
            held.put(service, problem);
            LOG.warn("{}: {}", service, problem.message());
            return Future.succeededFuture();
        }
        return calls.suspend(service, found).<Void>map(before -> {
            takenOver.put(service, new DynamicScaling(found.target(), found.policies(), Optional.of(before)));
            LOG.warn("{}: taken over from Application Auto Scaling: dynamic scaling suspended on {} (was {}; recorded in"
                    + " its tag {}); `microscaler handback` restores it", service, calls.resourceId(service),
                    before.tagValue(), DynamicScaling.TAG);
            return null;
        }).recover(e -> {
            // Still active (or half done: tagged, not suspended, which the next try completes): not ours yet.
            holdUnknown(service, "could not take '" + service + "' over from Application Auto Scaling ("
                    + found.describe() + "): " + RetryClassifier.unwrap(e), "TagResource and RegisterScalableTarget");
            return Future.succeededFuture();
        });
    }

    @Override
    public Future<Void> stop() {
        if (!handBackOnStop || takenOver.isEmpty() || shadow) {
            return inner.stop();
        }
        List<Future<Void>> handBacks = new ArrayList<>();
        takenOver.forEach((service, found) -> handBacks.add(calls.restore(service, found)
                .onSuccess(restored -> restored.ifPresent(s -> LOG.info("{}: handed back to Application Auto Scaling"
                        + " on stop (actuator.handBackOnStop): {} restored", service, s.tagValue())))
                .onFailure(e -> LOG.warn("{}: handing back on stop failed: {}; run `microscaler handback`", service,
                        e.toString()))
                .<Void>mapEmpty()));
        return Future.join(handBacks).transform(r -> inner.stop());
    }

    @Override
    public Optional<Problem> held(String service) {
        return Optional.ofNullable(held.get(service));
    }

    @Override
    public Future<Capacity> apply(String service, int desired) {
        Problem problem = held.get(service);
        if (problem != null) {
            return Future.failedFuture(new IllegalStateException(problem.message()));
        }
        return inner.apply(service, desired);
    }

    @Override
    public Future<Capacity> observe(String service) {
        Problem problem = held.get(service);
        if (problem != null && problem.cause().equals(DYNAMIC_SCALING_UNKNOWN)) {
            return check(service).compose(v -> inner.observe(service));
        }
        return inner.observe(service);
    }

    @Override
    public OptionalInt lastHealthy(String service) {
        return inner.lastHealthy(service);
    }

    @Override
    public Optional<Problem> problem(String service, Throwable failure) {
        return inner.problem(service, failure);
    }

    @Override
    public boolean readOnly() {
        return inner.readOnly();
    }

    @Override
    public void release(String service) {
        inner.release(service);
    }
}
