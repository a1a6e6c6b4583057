package io.microscaler.capacity;

import io.microscaler.actuate.aws.ClusterView;
import io.microscaler.bus.Addresses;
import io.microscaler.bus.CapacityObserved;
import io.microscaler.cluster.PlannerStage;
import io.microscaler.decision.Decision;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With {@code cluster.enabled}, stands in front of the actuator: takes the policies' decisions from
 * {@link Addresses#DECISIONS} as wishes, plans them with the cluster ({@link PlannerStage}) when a
 * wish changes and every {@code interval} with a fresh cluster read, and sends what to apply to
 * {@link Addresses#PLANNED_DECISIONS} (scale-ins first), where the actuator listens. Adjusted
 * decisions are published on {@link Addresses#GRANTS}, where audit, API and status page read them. Deploy one instance.
 */
public final class ClusterPlannerVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterPlannerVerticle.class);

    private final PlannerStage stage;
    private final Supplier<Future<ClusterView>> read;
    private final Duration interval;
    private final Clock clock;
    private boolean reading;
    private long timer = -1;

    /** @param read reads the cluster (e.g. {@code EcsClusterCapacity::read}) */
    public ClusterPlannerVerticle(PlannerStage stage, Supplier<Future<ClusterView>> read, Duration interval, Clock clock) {
        this.stage = stage;
        this.read = read;
        this.interval = interval;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        timer = vertx.setPeriodic(1, interval.toMillis(), id -> round());
        // Counts read back: a service with no decision yet is planned at the count it runs
        vertx.eventBus().<CapacityObserved>localConsumer(Addresses.CAPACITY,
                m -> safely(() -> stage.observed(m.body().service(), m.body().capacity().desired(), clock.instant())));
        return vertx.eventBus().<Decision>localConsumer(Addresses.DECISIONS,
                m -> safely(() -> stage.wish(m.body(), clock.instant()))).completion();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        return Future.succeededFuture();
    }

    private void round() {
        if (reading) {
            return; // a slow read is not doubled
        }
        reading = true;
        read.get().onComplete(view -> {
            reading = false;
            if (view.succeeded()) {
                safely(() -> stage.cluster(ClusterStates.of(view.result()), clock.instant()));
            } else {
                LOG.warn("cluster planner: reading the cluster failed: {}", view.cause().toString());
            }
        });
    }

    /** A plan that fails (e.g. a cluster read the planner cannot take) is logged, never thrown into the event loop. */
    private void safely(java.util.function.Supplier<PlannerStage.Outcome> plan) {
        PlannerStage.Outcome outcome;
        try {
            outcome = plan.get();
        } catch (RuntimeException e) {
            LOG.warn("cluster planner: planning failed: {}", e.toString());
            return;
        }
        dispatch(outcome);
    }

    private void dispatch(PlannerStage.Outcome outcome) {
        var bus = vertx.eventBus();
        for (Decision d : outcome.announce()) {
            LOG.info("cluster planner: {} {} → {} ({}): {}", d.service(), d.from(), d.to(), d.reason(), d.message());
            bus.publish(Addresses.GRANTS, d);
        }
        outcome.apply().forEach(d -> bus.publish(Addresses.PLANNED_DECISIONS, d));
    }
}
