package io.microscaler.actuate;

import io.microscaler.bus.Addresses;
import io.microscaler.bus.CapacityObserved;
import io.microscaler.decision.Decision;
import io.microscaler.observability.ActuatorMeters;
import io.microscaler.policy.Capacity;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies decisions to a {@link ScalingTarget}: one operation in flight per service
 * ({@link SerialOperations}: applies and reads alike), the newest decision superseding older ones
 * ({@link Coalescer}), and a periodic read-back (level-triggered: a lost call is repaired by the
 * next decision, not forgotten). Deploy one instance.
 */
public final class ActuatorVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ActuatorVerticle.class);

    private final ScalingTarget target;
    private final Set<String> services;
    private final Duration reconcileInterval;
    private final Clock clock;
    private final ActuatorMeters meters;
    private final Source source;
    private final Coalescer coalescer = new Coalescer();
    private final SerialOperations operations = new SerialOperations();
    private final Map<String, Future<Capacity>> reads = new HashMap<>();
    private long reconcileTimer = -1;

    /** Whose decisions the actuator applies. */
    public enum Source {
        /** The policies' own ({@link Addresses#DECISIONS}). */
        POLICIES(Addresses.DECISIONS),
        /** The cluster planner's, which stands in front with {@code cluster.enabled} ({@link Addresses#PLANNED_DECISIONS}). */
        PLANNER(Addresses.PLANNED_DECISIONS);

        private final String address;

        Source(String address) {
            this.address = address;
        }
    }

    public ActuatorVerticle(ScalingTarget target, Set<String> services, Duration reconcileInterval,
                            Clock clock, ActuatorMeters meters) {
        this(target, services, reconcileInterval, clock, meters, Source.POLICIES);
    }

    public ActuatorVerticle(ScalingTarget target, Set<String> services, Duration reconcileInterval,
                            Clock clock, ActuatorMeters meters, Source source) {
        this.source = source;
        this.target = target;
        this.services = Set.copyOf(services);
        this.reconcileInterval = reconcileInterval;
        this.clock = clock;
        this.meters = meters;
    }

    @Override
    public Future<?> start() {
        var bus = vertx.eventBus();
        reconcileTimer = vertx.setPeriodic(reconcileInterval.toMillis(), id -> reconcile());
        return Future.all(
                bus.<Decision>localConsumer(source.address, m -> offer(m.body())).completion(),
                bus.<String>localConsumer(Addresses.CAPACITY_QUERY, this::answer).completion());
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(reconcileTimer);
        return Future.succeededFuture();
    }

    private void offer(Decision d) {
        if (!d.changesCount()) {
            return;
        }
        Coalescer.Verdict verdict = coalescer.offer(d);
        meters.offered(verdict.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        if (verdict == Coalescer.Verdict.START) {
            apply(d);
        }
    }

    private void apply(Decision d) {
        long started = System.nanoTime();
        operations.run(d.service(), () -> target.apply(d.service(), d.to())).onComplete(result -> {
            meters.applied(result.succeeded(), Duration.ofNanos(System.nanoTime() - started));
            if (result.succeeded()) {
                publish(d.service(), result.result());
            } else {
                LOG.warn("{}: applying {} → {} (seq {}) failed: {}", target.name(), d.service(), d.to(), d.seq(),
                        result.cause().toString());
            }
            Decision next = coalescer.completed(d.service());
            if (next != null) {
                apply(next);
            }
        });
    }

    private void answer(Message<String> query) {
        read(query.body()).onComplete(result -> {
            if (result.succeeded()) {
                query.reply(observed(query.body(), result.result()));
            } else {
                query.fail(404, result.cause().getMessage());
            }
        });
    }

    private void reconcile() {
        for (String service : services) {
            if (coalescer.busy(service)) {
                continue; // its operation will report when it ends
            }
            read(service).onSuccess(c -> publish(service, c))
                    .onFailure(e -> LOG.debug("{}: reading {} failed: {}", target.name(), service, e.toString()));
        }
    }

    /** Reads the service's counts after any operation in flight; callers while a read is pending share it. */
    private Future<Capacity> read(String service) {
        Future<Capacity> pending = reads.get(service);
        if (pending != null) {
            return pending;
        }
        Future<Capacity> mine = operations.run(service, () -> target.observe(service));
        reads.put(service, mine);
        mine.onComplete(r -> reads.remove(service, mine));
        return mine;
    }

    private void publish(String service, Capacity capacity) {
        vertx.eventBus().publish(Addresses.CAPACITY, observed(service, capacity));
    }

    private CapacityObserved observed(String service, Capacity capacity) {
        return new CapacityObserved(service, capacity, clock.instant(), target.lastHealthy(service),
                source == Source.PLANNER);
    }
}
