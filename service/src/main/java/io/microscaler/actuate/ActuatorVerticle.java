package io.microscaler.actuate;

import io.microscaler.bus.Addresses;
import io.microscaler.bus.CapacityObserved;
import io.microscaler.bus.Ownership;
import io.microscaler.bus.OwnershipChange;
import io.microscaler.bus.ProblemReport;
import io.microscaler.bus.ServiceProblem;
import io.microscaler.decision.Decision;
import io.microscaler.observability.ActuatorMeters;
import io.microscaler.policy.Capacity;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies decisions to a {@link ScalingTarget}: one operation in flight per service
 * ({@link SerialOperations}: applies and reads alike), the newest decision superseding older ones
 * ({@link Coalescer}), and a periodic read-back (level-triggered: a lost call is repaired by the
 * next decision, not forgotten). Deploy one instance.
 *
 * <p>Fenced by ownership: with several autoscaler instances, each actuates and reconciles only the
 * services its own ingest verticles own now ({@link OwnershipChange#services}). When a service is
 * revoked the actuator lets go of it at once: a waiting decision is dropped, the target forgets the
 * count it last applied ({@link ScalingTarget#release}), so its reconciler repairs nothing, and it
 * is no longer read; an operation in flight may finish, nothing is applied after it. Otherwise an
 * old owner keeps repairing the count it applied against the new owner's, and ECS's desired count
 * flips between the two every reconcile. A new owner starts from the count ECS reports. Until the
 * first ownership report (an actuator without ingest, as in its own tests) it reconciles every
 * configured service.
 *
 * <p>Misconfiguration is said, not just counted: a failed apply or read that the target calls a
 * {@link Problem} (the service or its cluster missing, access refused, the endpoint unreachable) is
 * logged at WARN once per change of cause per service and at INFO when it clears
 * ({@link ServiceProblems}), and published whole on {@link Addresses#PROBLEMS} for
 * {@code /health/ready} and {@code /api/services}. Reads of a service found missing back off
 * (doubling from twice the reconcile interval up to {@link ServiceProblems#CAP}); a read asked for
 * meanwhile, by the reconciler or an owner's capacity query, fails at once with the problem.
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
    private final ServiceProblems problems;
    private final Ownership ownership = new Ownership();
    private long reconcileTimer = -1;
    private Predicate<String> paused = service -> false;
    /** Paused services, as last seen (for the log line when a pause starts). */
    private final Set<String> releasedForPause = new java.util.HashSet<>();
    /** The holds last published, and since when each (service/cause) has been seen. */
    private Map<String, Problem> heldShown = Map.of();
    private final Map<String, Instant> heldSince = new HashMap<>();

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
        this.problems = new ServiceProblems(reconcileInterval,
                reconcileInterval.compareTo(ServiceProblems.CAP) > 0 ? reconcileInterval : ServiceProblems.CAP);
    }

    /**
     * Services an operator paused (the admin API): their decisions are dropped (verdict {@code paused})
     * and the target forgets the count it last applied, so the reconciler reads but does not repair
     * them: an operator who changes the count by hand during a pause is not overruled. Call before
     * deploying.
     */
    public ActuatorVerticle pausedWhen(Predicate<String> isPaused) {
        this.paused = isPaused;
        return this;
    }

    @Override
    public Future<?> start() {
        var bus = vertx.eventBus();
        return target.start().compose(started -> {
            reconcileTimer = vertx.setPeriodic(reconcileInterval.toMillis(), id -> reconcile());
            return Future.all(
                    bus.<Decision>localConsumer(source.address, m -> offer(m.body())).completion(),
                    bus.<String>localConsumer(Addresses.CAPACITY_QUERY, this::answer).completion(),
                    bus.<OwnershipChange>localConsumer(Addresses.OWNERSHIP, m -> ownership(m.body())).completion());
        }).onSuccess(v -> publishProblems());
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(reconcileTimer);
        return target.stop();
    }

    private void ownership(OwnershipChange change) {
        Set<String> lost = ownership.update(change, services);
        for (String service : lost) {
            coalescer.forget(service);
            target.release(service);
            problems.forget(service);
        }
        publishProblems();
        if (!lost.isEmpty()) {
            LOG.info("{}: no longer owns {}: not applying, repairing or reading them", target.name(), lost);
        }
    }

    private boolean owns(String service) {
        return ownership.owns(service);
    }

    private void offer(Decision d) {
        if (!d.changesCount()) {
            return;
        }
        if (!owns(d.service())) {
            meters.offered("not-owned"); // a decision made before a revocation reached us
            return;
        }
        if (holdForPause(d.service())) {
            meters.offered("paused"); // the owner holds paused services; this is a planner's grant or a race
            return;
        }
        if (target.held(d.service()).isPresent()) {
            meters.offered("held"); // another scaler owns its count: said once at start, shown as its problem
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
            noteOutcome(d.service(), result);
            if (result.succeeded()) {
                publish(d.service(), result.result());
            } else {
                LOG.warn("{}: applying {} → {} (seq {}) failed: {}", target.name(), d.service(), d.to(), d.seq(),
                        result.cause().toString());
            }
            Decision next = coalescer.completed(d.service());
            if (next != null && (!owns(next.service()) || holdForPause(next.service()))) {
                next = null;
            }
            if (next != null) {
                apply(next);
            }
        });
    }

    /**
     * Whether the service is paused; while it is, the target forgets the count it last applied (no
     * repair), and once resumed the next decision applies as usual.
     */
    private boolean holdForPause(String service) {
        if (!paused.test(service)) {
            releasedForPause.remove(service);
            return false;
        }
        // Every time, not once: an apply in flight when the pause came may have set a count to repair since
        target.release(service);
        if (releasedForPause.add(service)) {
            LOG.info("{}: {} is paused: applying nothing and repairing nothing until it is resumed", target.name(), service);
        }
        return true;
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
            if (!owns(service)) {
                continue; // its owner reconciles it
            }
            if (coalescer.busy(service)) {
                continue; // its operation will report when it ends
            }
            holdForPause(service);
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
        Instant now = clock.instant();
        if (!problems.due(service, now)) {
            meters.readBackedOff();
            ServiceProblems.State state = problems.state(service).orElseThrow();
            return Future.failedFuture(new IllegalStateException(state.problem().message()
                    + " (not read again before " + state.nextRead() + ")"));
        }
        Future<Capacity> mine = operations.run(service, () -> target.observe(service));
        reads.put(service, mine);
        mine.onComplete(r -> {
            reads.remove(service, mine);
            noteOutcome(service, r);
            if (holdChanged(service)) {
                publishProblems(); // a hold found or lifted by the read (the target reads what holds it again)
            }
        });
        return mine;
    }

    /** What an apply or read says about the service's problem: logged once per change, and published. */
    private void noteOutcome(String service, AsyncResult<?> result) {
        if (!owns(service)) {
            return; // released meanwhile: its problems are its new owner's to see
        }
        Optional<ServiceProblems.Note> note;
        if (result.succeeded()) {
            note = problems.succeeded(service);
        } else {
            Optional<Problem> problem = target.problem(service, result.cause());
            if (problem.isEmpty()) {
                return; // throttled, a server error …: says nothing new about the service (FailureNotes logs those per API)
            }
            note = problems.failed(service, problem.get(), clock.instant());
        }
        note.ifPresent(n -> {
            if (n.kind() == ServiceProblems.Kind.CLEARED) {
                LOG.info("{}: {}: readable again (was {})", target.name(), service, n.problem().cause());
            } else {
                LOG.warn("{}: {}: {}{}: {}; shown in /health/ready and /api/services{}", target.name(), service,
                        n.problem().cause(), n.before().map(b -> " (was " + b.cause() + ")").orElse(""),
                        n.problem().message(), n.problem().backsOff() ? "; its reads back off up to every "
                                + ServiceProblems.CAP.toMinutes() + " min while it lasts" : "");
            }
            publishProblems();
        });
    }

    /** The problems, whole, for the API (readiness and {@code /api/services}) and the gauge. */
    private void publishProblems() {
        Map<String, ServiceProblem> byService = new TreeMap<>();
        heldShown = held();
        heldShown.forEach((service, problem) -> byService.put(service, new ServiceProblem(service, problem.cause(),
                problem.message(), heldSince.computeIfAbsent(service + "/" + problem.cause(), k -> clock.instant()))));
        problems.all().forEach((service, state) -> byService.put(service, new ServiceProblem(service,
                state.problem().cause(), state.problem().message(), state.since())));
        Set<String> read = new TreeSet<>();
        services.stream().filter(this::owns).forEach(read::add);
        meters.problemServices(byService.size());
        vertx.eventBus().publish(Addresses.PROBLEMS, new ProblemReport(byService, read));
    }

    /**
     * Whether the service's hold differs from the one last published. A read tells about its own
     * service only, and comparing all services' holds after each read made a reconcile, which reads
     * every service, quadratic (at 10,000 services, an event loop blocked for 25 s and more).
     */
    private boolean holdChanged(String service) {
        Problem now = owns(service) ? target.held(service).orElse(null) : null;
        return !Objects.equals(heldShown.get(service), now);
    }

    /** The services the target holds now (owned ones only), with why. */
    private Map<String, Problem> held() {
        Map<String, Problem> now = new TreeMap<>();
        services.stream().filter(this::owns).forEach(s -> target.held(s).ifPresent(p -> now.put(s, p)));
        return now;
    }

    private void publish(String service, Capacity capacity) {
        vertx.eventBus().publish(Addresses.CAPACITY, observed(service, capacity));
    }

    private CapacityObserved observed(String service, Capacity capacity) {
        CapacityObserved.DesiredCount whose = source == Source.PLANNER ? CapacityObserved.DesiredCount.GRANTED
                // A held service's count is another scaler's: like shadow mode, its policy goes on from the
                // count it decided, so a 2 → 5 it cannot apply is said once, not again at every read.
                : target.readOnly() || target.held(service).isPresent() ? CapacityObserved.DesiredCount.UNCHANGED
                : CapacityObserved.DesiredCount.APPLIED;
        return new CapacityObserved(service, capacity, clock.instant(), target.lastHealthy(service), whose);
    }
}
