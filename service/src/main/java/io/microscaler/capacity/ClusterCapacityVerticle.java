package io.microscaler.capacity;

import io.microscaler.actuate.aws.ClusterView;
import io.microscaler.actuate.aws.EcsClusterCapacity;
import io.microscaler.bus.Addresses;
import io.microscaler.bus.ClusterEvent;
import io.microscaler.bus.ClusterLeadership;
import io.microscaler.cluster.CapacityAction;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the cluster's instance count right, on whichever autoscaler instance leads the cluster
 * (holds partition 0 of the cluster topic). Every {@code interval} it reads the cluster and applies
 * the capacity rule's {@link CapacityAction}: scale out through the group's desired capacity; scale
 * in by draining the chosen instance and terminating it (desired capacity decremented) only once
 * no task runs on it. A spot interruption warning is acted on at once, not at the next interval:
 * the instance is drained (ECS moves service tasks, the task-mode actuator replaces its own) and
 * the group is asked for one more instance, all inside the two-minute notice. A rebalance
 * recommendation, which EC2 sends earlier and with no deadline, is answered the gentler way
 * ({@link Rebalances}): one more instance at once, and the instance at risk drained only once the
 * replacement has joined, then terminated when empty (the group's desired count back down), so its
 * tasks never wait for room. While a rebalance is under way the capacity rule does not scale in:
 * the replacement would look like spare room.
 *
 * <p>One operation at a time: a round that is still running when the timer fires is not doubled.
 */
public final class ClusterCapacityVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterCapacityVerticle.class);
    /** EC2 reclaims a spot instance two minutes after its interruption warning. */
    static final Duration SPOT_NOTICE = Duration.ofMinutes(2);
    /**
     * A rebalance recommendation older than this is not acted on: whoever led the cluster then
     * answered it, or the instance has outlived it. The cluster reader starts a new group at the
     * topic's start, and a replay must not move the tasks of every instance ever recommended.
     */
    static final Duration REBALANCE_MAX_AGE = Duration.ofMinutes(10);

    private final EcsClusterCapacity capacity;
    private final BiFunction<ClusterView, Instant, CapacityAction> rule;
    private final Duration interval;
    private final Clock clock;
    /** Instances this verticle is draining to remove (scale-in or spot); terminated once empty. */
    private final Set<String> leaving = new HashSet<>();
    /** Spot warnings already answered: EventBridge may deliver one twice. */
    private final Set<String> warned = new HashSet<>();
    /** Instances a replacement was asked for (rebalance or spot): never asked twice for one. */
    private final Set<String> replacementAsked = new HashSet<>();
    private final Rebalances rebalances = new Rebalances();
    private boolean leader;
    private boolean busy;
    private long timer = -1;
    private volatile ClusterView lastView;
    private volatile CapacityAction lastAction = new CapacityAction.Hold(CapacityAction.Why.IN_BAND, "not leading the cluster");

    /**
     * @param rule the capacity rule (pure): the cluster as read, and now → what to do
     */
    public ClusterCapacityVerticle(EcsClusterCapacity capacity, BiFunction<ClusterView, Instant, CapacityAction> rule,
                                   Duration interval, Clock clock) {
        this.capacity = capacity;
        this.rule = rule;
        this.interval = interval;
        this.clock = clock;
    }

    /** The last cluster read, for status pages and metrics; null before the first. */
    public ClusterView lastView() {
        return lastView;
    }

    public CapacityAction lastAction() {
        return lastAction;
    }

    @Override
    public Future<?> start() {
        var bus = vertx.eventBus();
        timer = vertx.setPeriodic(interval.toMillis(), id -> round());
        return Future.all(
                bus.<ClusterLeadership>localConsumer(Addresses.CLUSTER_LEADERSHIP, m -> lead(m.body().leading())).completion(),
                bus.<ClusterEvent>localConsumer(Addresses.CLUSTER_EVENTS, m -> onEvent(m.body())).completion());
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        return Future.succeededFuture();
    }

    private void lead(boolean leading) {
        leader = leading;
        if (!leading) {
            lastAction = new CapacityAction.Hold(CapacityAction.Why.IN_BAND, "not leading the cluster");
        }
    }

    private void onEvent(ClusterEvent event) {
        if (leader && event instanceof ClusterEvent.SpotInterruption spot && !expired(spot) && warned.add(spot.instanceId())) {
            LOG.warn("spot interruption warning for {} (action {}, at {}): draining it and asking for a replacement",
                    spot.instanceId(), spot.action(), spot.time());
            exclusive(() -> capacity.read().compose(view -> replace(view, spot.instanceId())), true);
        } else if (leader && event instanceof ClusterEvent.RebalanceRecommendation r
                && !r.time().plus(REBALANCE_MAX_AGE).isBefore(clock.instant())) {
            exclusive(() -> capacity.read().compose(view -> rebalance(view, r)), true);
        }
    }

    private Future<Void> rebalance(ClusterView view, ClusterEvent.RebalanceRecommendation r) {
        if (!rebalances.recommend(view, r.instanceId(), r.time())) {
            LOG.info("rebalance recommendation for {} (at {}): not an active instance of cluster {}, or already under way;"
                    + " nothing to do", r.instanceId(), r.time(), capacity.cluster());
            return Future.succeededFuture();
        }
        LOG.warn("rebalance recommendation for {} (at {}): asking for a replacement; {} is drained once it has joined",
                r.instanceId(), r.time(), r.instanceId());
        return oneMore(view, r.instanceId());
    }

    /** One more instance in the group, to replace {@code ec2InstanceId}; once per instance. */
    private Future<Void> oneMore(ClusterView view, String ec2InstanceId) {
        if (!replacementAsked.add(ec2InstanceId)) {
            LOG.info("a replacement for {} was asked for already", ec2InstanceId);
            return Future.succeededFuture();
        }
        return view.group()
                .filter(g -> g.desired() < g.max())
                .map(g -> capacity.setDesired(g.desired() + 1))
                .orElseGet(() -> {
                    LOG.warn("no room in the Auto Scaling group to replace {} early", ec2InstanceId);
                    return Future.succeededFuture();
                });
    }

    /** A warning whose two-minute notice has run out (replayed from the topic's start): nothing to do early. */
    private boolean expired(ClusterEvent.SpotInterruption spot) {
        boolean expired = spot.time().plus(SPOT_NOTICE).isBefore(clock.instant());
        if (expired) {
            LOG.info("spot interruption warning for {} from {} is past its notice; ignored", spot.instanceId(), spot.time());
        }
        return expired;
    }

    private Future<Void> replace(ClusterView view, String ec2InstanceId) {
        var instance = view.byEc2Id(ec2InstanceId);
        if (instance.isEmpty()) {
            LOG.info("spot-interrupted {} is not in cluster {}; nothing to drain", ec2InstanceId, capacity.cluster());
            return Future.succeededFuture();
        }
        rebalances.forget(ec2InstanceId); // no more waiting for the replacement: two minutes left
        leaving.add(ec2InstanceId);
        Future<Void> drained = instance.get().active() ? capacity.drain(instance.get().containerInstanceArn())
                : Future.succeededFuture();
        return drained.compose(v -> oneMore(view, ec2InstanceId));
    }

    private void round() {
        if (!leader) {
            return;
        }
        exclusive(() -> capacity.read().compose(view -> {
            lastView = view;
            Future<Void> removals = terminateEmptied(view).compose(v -> drainRebalanced(view));
            CapacityAction action = rule.apply(view, clock.instant());
            lastAction = action;
            return removals.compose(v -> act(view, action));
        }), false);
    }

    /** Instances we drained that have no task left go now; a spot one the group will reclaim anyway. */
    private Future<Void> terminateEmptied(ClusterView view) {
        Future<Void> chain = Future.succeededFuture();
        for (String id : Set.copyOf(leaving)) {
            var instance = view.byEc2Id(id);
            if (instance.isEmpty()) {
                leaving.remove(id);
            } else if (instance.get().tasks() == 0 && !warned.contains(id)) {
                chain = chain.compose(v -> capacity.terminate(id)).onSuccess(v -> {
                    leaving.remove(id);
                    LOG.info("terminated drained instance {}", id);
                });
            }
        }
        return chain;
    }

    /** Instances at risk whose replacement has joined: drained now, terminated once empty. */
    private Future<Void> drainRebalanced(ClusterView view) {
        Future<Void> chain = Future.succeededFuture();
        for (ClusterView.Instance at : rebalances.readyToDrain(view)) {
            LOG.info("rebalance: the replacement for {} has joined; draining {}", at.ec2InstanceId(), at.ec2InstanceId());
            leaving.add(at.ec2InstanceId());
            chain = chain.compose(v -> capacity.drain(at.containerInstanceArn()));
        }
        return chain;
    }

    private Future<Void> act(ClusterView view, CapacityAction action) {
        if (action instanceof CapacityAction.ScaleOut out && view.group().isPresent()) {
            var group = view.group().get();
            int desired = Math.min(group.max(), Math.max(out.desiredCapacity(), group.desired()));
            if (desired == group.desired()) {
                return Future.succeededFuture();
            }
            LOG.info("cluster scale-out {} → {} instances: {}", group.desired(), desired, out.message());
            return capacity.setDesired(desired);
        }
        if (action instanceof CapacityAction.ScaleIn in && !leaving.contains(in.instanceId()) && !rebalances.any()) {
            var instance = view.byEc2Id(in.instanceId());
            if (instance.isPresent() && instance.get().active()) {
                LOG.info("cluster scale-in: draining {} ({})", in.instanceId(), in.message());
                leaving.add(in.instanceId());
                return capacity.drain(instance.get().containerInstanceArn());
            }
        }
        return Future.succeededFuture();
    }

    /** @param retry whether to try again shortly if busy: a spot warning must not wait for the next round */
    private void exclusive(java.util.function.Supplier<Future<Void>> work, boolean retry) {
        if (busy) {
            if (retry) {
                vertx.setTimer(100, id -> exclusive(work, true));
            }
            return;
        }
        busy = true;
        work.get().onComplete(done -> {
            busy = false;
            if (done.failed()) {
                LOG.warn("cluster capacity round failed: {}", done.cause().toString());
            }
        });
    }
}
