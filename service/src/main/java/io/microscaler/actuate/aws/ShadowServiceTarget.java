package io.microscaler.actuate.aws;

import io.microscaler.actuate.Problem;
import io.microscaler.actuate.ScalingTarget;
import io.microscaler.policy.Capacity;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shadow mode ({@code actuator.mode: shadow}) over ECS service mode: every operation only reads.
 * {@link #apply} and {@link #observe} are both {@link EcsServiceTarget#look}: DescribeServices and
 * DescribeTargetHealth, never UpdateService and never a repair, so the IAM policy
 * {@code deploy/iam/microscaler-shadow-policy.json} (those two reads only) is enough.
 *
 * <p>The counts reported are the real ones: ECS's desired, running and pending counts, which the
 * policy starts from. It goes on from the count it would have set ({@link #readOnly()}: the actuator
 * marks the reads {@code UNCHANGED}, see {@code CapacityObserved.forPolicy}), with the real running
 * tasks, so a would-be scale-out is reported once, as "would set N → M", not again every reconcile.
 *
 * <p>Holds no state; the wrapped target's rules apply (the actuator's context, one operation per
 * service at a time).
 */
public final class ShadowServiceTarget implements ScalingTarget {

    public static final String NAME = "ecs-service-shadow";
    private static final Logger LOG = LoggerFactory.getLogger(ShadowServiceTarget.class);

    private final EcsServiceTarget ecs;

    public ShadowServiceTarget(EcsServiceTarget ecs) {
        this.ecs = ecs;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Sets nothing: reads the real counts, which the actuator reports as they are. */
    @Override
    public Future<Capacity> apply(String service, int desired) {
        return ecs.look(service).map(counts -> {
            LOG.debug("{}: would set {} to {}; ECS's desired count stays {}", NAME, service, desired, counts.desired());
            return counts.capacity();
        });
    }

    @Override
    public Future<Capacity> observe(String service) {
        return ecs.look(service).map(ServiceCounts::capacity);
    }

    @Override
    public OptionalInt lastHealthy(String service) {
        return ecs.lastHealthy(service);
    }

    /** A missing service or cluster, refused access, an unreachable endpoint: said as in act mode. */
    @Override
    public Optional<Problem> problem(String service, Throwable failure) {
        return ecs.problem(service, failure);
    }

    @Override
    public boolean readOnly() {
        return true;
    }
}
