package io.microscaler.actuate.aws;

import io.microscaler.tasks.InstanceLoad;
import io.microscaler.tasks.LaunchFailure;
import io.microscaler.tasks.LaunchType;
import io.microscaler.tasks.ScaleInChoice;
import io.microscaler.tasks.ServiceTasks;
import io.microscaler.tasks.TaskCounts;
import io.microscaler.tasks.TaskModeSettings;
import io.microscaler.tasks.TaskPhase;
import io.microscaler.tasks.TaskPlan;
import io.microscaler.tasks.TrackedTask;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task-mode service: its tasks' way in (RunTask → RUNNING → RegisterTargets → healthy) and
 * out (DeregisterTargets → drained → StopTask), and the repair of drift. Level-triggered: every
 * operation reads what is, compares it with the desired count and acts on the difference, so a
 * new desired count while tasks are on their way adjusts the plan instead of adding to it.
 *
 * <p>Operations run one at a time, in order ({@link #serialized}): {@link #apply}, {@link #observe}
 * (the reconciler: ListTasks, target repair) and the progress ticks that follow tasks on their way
 * (DescribeTasks of starting tasks, DescribeTargetHealth of registered and draining ones) on a
 * timer with back-off ({@code pollBase} doubling to {@code pollMax} while nothing changes). No
 * operation waits for a drain: draining is a phase the ticks look at, so a scale-in with a 300 s
 * deregistration delay never holds up the next scale-out. Reading tasks is {@link TaskReader}'s,
 * keeping the target group in step {@link TargetSync}'s; this class plans and schedules. All on the
 * actuator's context.
 */
final class TaskModeService {

    private static final Logger LOG = LoggerFactory.getLogger(TaskModeService.class);

    private final TaskModeScope scope;
    private final String service;
    private final TaskModeSettings settings;
    private final TaskModeCalls calls;
    private final ServiceTasks state;
    private final EcsTaskTarget.Timings timings;
    private final Clock clock;
    private final Vertx vertx;
    private final TaskReader reader;
    private final TargetSync targets;
    private Future<?> tail = Future.succeededFuture();
    private long timer = -1;
    private boolean tickQueued;
    private Future<TaskCounts> observing;
    private Duration nextPoll;

    TaskModeService(TaskModeScope scope, Vertx vertx) {
        this.scope = scope;
        this.service = scope.service;
        this.settings = scope.settings;
        this.calls = scope.calls;
        this.state = scope.state;
        this.timings = scope.timings;
        this.clock = scope.clock;
        this.vertx = vertx;
        this.reader = new TaskReader(scope);
        this.targets = new TargetSync(scope);
        this.nextPoll = timings.pollBase();
    }

    ServiceTasks state() {
        return state;
    }

    /** Records the wish at once (a tick already queued works towards it too), then converges. */
    Future<TaskCounts> apply(int desired) {
        state.desired(desired);
        Future<TaskCounts> done = serialized(() -> prepare(false).compose(v -> converge()).map(v -> state.counts()));
        return done.andThen(r -> pollSoon());
    }

    /**
     * The reconciler: reads every task of the service and the target group, repairs drift,
     * converges. While one is queued or running, callers share it (the reconcile interval may be
     * shorter than a slow round).
     */
    Future<TaskCounts> observe() {
        if (observing != null) {
            return observing;
        }
        Future<TaskCounts> round = serialized(() -> prepare(true).compose(v -> converge()).map(v -> state.counts()));
        observing = round;
        return round.andThen(r -> {
            observing = null;
            schedule();
        });
    }

    private Future<Void> prepare(boolean full) {
        Future<Void> group = scope.targetGroupArn() != null ? Future.succeededFuture()
                : calls.targetGroupArn(settings.targetGroup()).map(arn -> {
                    scope.targetGroupArn(arn);
                    return null;
                });
        if (!full && state.known()) {
            return group.compose(v -> reader.advanceStarting()).compose(v -> targets.sync(false));
        }
        return group.compose(v -> reader.refresh()).compose(v -> readInstances()).compose(v -> targets.sync(true));
    }

    /**
     * Which of the instances its tasks run on are DRAINING (scaled in, or a spot interruption):
     * ECS moves only its services' tasks off them, so task mode replaces its own. A failed read
     * keeps the last one.
     */
    private Future<Void> readInstances() {
        Set<String> instances = new LinkedHashSet<>();
        state.all().forEach(t -> t.instanceArn().ifPresent(instances::add));
        if (instances.isEmpty()) {
            state.instancesDraining(Set.of());
            return Future.succeededFuture();
        }
        return calls.describeContainerInstances(settings.cluster(), instances).map(loads -> {
            Set<String> draining = new LinkedHashSet<>();
            loads.values().forEach(l -> {
                scope.ec2ByInstanceArn.put(l.instanceArn(), l.ec2InstanceId());
                if (l.draining()) {
                    draining.add(l.instanceArn());
                }
            });
            state.instancesDraining(draining);
            return (Void) null;
        }).otherwise(e -> {
            LOG.debug("{}: reading the instances of {} failed: {}", EcsTaskTarget.NAME, service, e.toString());
            return null;
        });
    }

    // ---- progress ticks

    private void pollSoon() {
        nextPoll = timings.pollBase();
        if (timer != -1) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        schedule();
    }

    /** Sets the next tick if something is on its way, or launches wait for their back-off. */
    private void schedule() {
        if (timer != -1 || tickQueued) {
            return;
        }
        Instant now = clock.instant();
        TaskPlan plan = state.plan(now);
        boolean waitingToLaunch = plan.heldBack() > 0;
        if (!state.inProgress() && !waitingToLaunch && plan.idle()) {
            nextPoll = timings.pollBase();
            return;
        }
        Duration delay = nextPoll;
        if (!state.inProgress() && waitingToLaunch) {
            Duration untilAllowed = state.backoff().notBefore().map(t -> Duration.between(now, t)).orElse(Duration.ZERO);
            delay = untilAllowed.compareTo(delay) > 0 ? untilAllowed : delay;
        }
        timer = vertx.setTimer(Math.max(1, delay.toMillis()), id -> {
            timer = -1;
            tickQueued = true;
            String before = signature();
            serialized(() -> prepare(false).compose(v -> converge())).onComplete(r -> {
                tickQueued = false;
                if (r.failed()) {
                    LOG.debug("{}: progress of {} failed: {}", EcsTaskTarget.NAME, service, r.cause().toString());
                }
                boolean moved = r.succeeded() && !before.equals(signature());
                nextPoll = moved ? timings.pollBase() : min(nextPoll.multipliedBy(2), timings.pollMax());
                schedule();
            });
        });
    }

    private String signature() {
        StringBuilder b = new StringBuilder().append(state.desired()).append('|');
        state.all().forEach(t -> b.append(t).append(';'));
        return b.toString();
    }

    // ---- converging

    /** Acts on the difference between desired and active tasks (nothing until the service was read once). */
    private Future<Void> converge() {
        if (!state.known() || scope.targetGroupArn() == null) {
            return Future.succeededFuture();
        }
        if (state.desired().isEmpty() && state.activeCount() == 0 && settings.initialCount() > 0) {
            state.desired(settings.initialCount());
            LOG.info("{}: {} has no tasks and no count asked for yet: starting its initial {}", EcsTaskTarget.NAME, service,
                    settings.initialCount());
        }
        Instant now = clock.instant();
        TaskPlan plan = state.plan(now);
        if (plan.idle()) {
            return replaceLeavingTasks(now);
        }
        LOG.debug("{}: {} desired {} active {} draining {}: {}", EcsTaskTarget.NAME, service, state.desired(),
                state.activeCount(), state.drainingCount(), plan);
        return reclaim(plan.reclaim()).compose(v -> launch(plan.launch(), launchTypeNow(now), false))
                .compose(v -> scaleIn(plan.stop()));
    }

    /** Fargate while EC2 was lately found full (overflow), else the configured launch type. */
    private LaunchType launchTypeNow(Instant now) {
        return settings.fargateOverflow() && !state.ec2Room().allows(now) ? LaunchType.FARGATE : settings.launchType();
    }

    /**
     * Start new, register, drain old, for tasks that must move: those on a DRAINING instance (to
     * wherever there is room, Fargate included while EC2 is full), and after an overflow the
     * Fargate tasks once EC2 may have room again. Each replacement counts once healthy, which makes
     * one task too many, and scale-in stops tasks on DRAINING instances first, then Fargate tasks
     * ({@link ScaleInChoice}). For the way back from Fargate, a RunTask failure for room just means
     * "not yet": EC2 is tried again after the {@link ServiceTasks#ec2Room()} back-off.
     */
    private Future<Void> replaceLeavingTasks(Instant now) {
        int count = state.toReplace(now, settings.fargateOverflow());
        if (count == 0) {
            return Future.succeededFuture();
        }
        boolean leaving = state.leaving() > 0;
        LaunchType where = leaving ? launchTypeNow(now) : LaunchType.EC2;
        LOG.info("{}: {} starts {} replacement(s) on {} for tasks {}", EcsTaskTarget.NAME, service, count, where,
                leaving ? "on a DRAINING instance" : "on Fargate");
        return launch(count, where, true);
    }

    /** Registers draining tasks again (the latest to start draining first): they have not been sent SIGTERM yet. */
    private Future<Void> reclaim(int count) {
        if (count == 0) {
            return Future.succeededFuture();
        }
        List<TrackedTask> back = state.reclaimable().stream().limit(count).toList();
        return calls.registerTargets(scope.targetGroupArn(), back.stream().map(t -> t.target().orElseThrow()).toList()).map(v -> {
            back.forEach(TrackedTask::registered);
            LOG.info("{}: {} took back {} draining task(s)", EcsTaskTarget.NAME, service, back.size());
            return null;
        });
    }

    /**
     * RunTask in batches of at most 10. The first batch ECS cannot place in full ends the launch:
     * its {@code failures} (e.g. RESOURCE:MEMORY) are recorded and launches back off, except that
     * with Fargate overflow a lack of EC2 room sends the rest to Fargate at once. A failed call
     * leaves it unknown whether tasks started, so the next operation reads the service first.
     *
     * @param replacing the tasks replace Fargate tasks ({@link TrackedTask#replacement()}); when EC2
     *                  has no room for them, nothing more is launched
     */
    private Future<Void> launch(int count, LaunchType launchType, boolean replacing) {
        if (count <= 0) {
            return Future.succeededFuture();
        }
        int batch = Math.min(count, TaskModeCalls.MAX_RUN_TASK_COUNT);
        return calls.runTask(settings, service, batch, launchType, UUID.randomUUID().toString())
                .recover(e -> {
                    state.known(false);
                    state.launchFailed(new LaunchFailure(LaunchFailure.CALL_FAILED, e.toString(), clock.instant()));
                    return Future.failedFuture(e);
                })
                .compose(launched -> {
                    for (ObservedTask o : launched.tasks()) {
                        TrackedTask task = new TrackedTask(o.arn(), launchType, clock.instant(), o.instanceArn());
                        state.track(replacing ? task.asReplacement() : task);
                    }
                    LOG.info("{}: {} launched {} of {} task(s) on {}", EcsTaskTarget.NAME, service, launched.tasks().size(),
                            batch, launchType);
                    if (!launched.failures().isEmpty() || launched.tasks().size() < batch) {
                        var f = launched.failures().isEmpty() ? null : launched.failures().get(0);
                        String reason = f == null ? "PLACED_FEWER" : f.reason();
                        String detail = (batch - launched.tasks().size()) + " of " + batch + " not placed"
                                + (f == null ? "" : "; " + f.arn() + (f.detail() == null ? "" : " " + f.detail()));
                        LaunchFailure failure = new LaunchFailure(reason, detail, clock.instant());
                        if (launchType == LaunchType.EC2 && failure.noRoom() && settings.fargateOverflow()) {
                            return overflow(count - launched.tasks().size(), failure, replacing);
                        }
                        state.launchFailed(failure);
                        LOG.warn("{}: {} could not launch {} task(s): {} ({}); next try after {}", EcsTaskTarget.NAME, service,
                                batch - launched.tasks().size(), reason, detail, state.backoff().notBefore().orElse(null));
                        return Future.succeededFuture();
                    }
                    if (launchType == LaunchType.EC2) {
                        state.ec2Placed();
                    }
                    return launch(count - batch, launchType, replacing);
                });
    }

    /**
     * EC2 has no room for {@code unplaced} tasks: they run on Fargate, unless they were to bring
     * Fargate tasks back to EC2 (replacements for tasks on a DRAINING instance do go to Fargate).
     */
    private Future<Void> overflow(int unplaced, LaunchFailure failure, boolean replacing) {
        state.ec2Full(failure.at());
        if (replacing && state.leaving() == 0) {
            LOG.info("{}: {} has no EC2 room yet for {} replacement(s): {}; next try after {}", EcsTaskTarget.NAME, service,
                    unplaced, failure.reason(), state.ec2Room().notBefore().orElse(null));
            return Future.succeededFuture();
        }
        LOG.info("{}: {} found no EC2 room ({}): {} task(s) overflow to Fargate", EcsTaskTarget.NAME, service,
                failure.reason(), unplaced);
        return launch(unplaced, LaunchType.FARGATE, replacing);
    }

    /**
     * Picks the tasks to go ({@link ScaleInChoice}), deregisters the registered ones (they drain and
     * are stopped by a later tick) and stops the others at once (they never had traffic).
     */
    private Future<Void> scaleIn(int count) {
        if (count == 0) {
            return Future.succeededFuture();
        }
        List<TrackedTask> active = state.active();
        Set<String> instances = new LinkedHashSet<>();
        active.forEach(t -> t.instanceArn().ifPresent(instances::add));
        Future<Map<String, InstanceLoad>> loads = instances.isEmpty() ? Future.succeededFuture(Map.of())
                : calls.describeContainerInstances(settings.cluster(), instances).otherwise(e -> {
                    LOG.debug("{}: reading instance loads for {} failed, choosing without: {}", EcsTaskTarget.NAME, service,
                            e.toString());
                    return Map.of();
                });
        Future<Void> delay = scope.deregistrationDelay() != null ? Future.succeededFuture()
                : calls.deregistrationDelay(scope.targetGroupArn()).map(d -> {
                    scope.deregistrationDelay(d);
                    return (Void) null;
                }).otherwise(e -> null);
        return loads.compose(l -> delay.map(v -> l)).compose(l -> {
            l.values().forEach(i -> scope.ec2ByInstanceArn.put(i.instanceArn(), i.ec2InstanceId()));
            List<String> chosen = ScaleInChoice.choose(active.stream().map(ScaleInChoice.Candidate::of).toList(), l, count,
                    state.desired().orElse(active.size() - count));
            List<TrackedTask> drain = new ArrayList<>();
            List<TrackedTask> stopNow = new ArrayList<>();
            for (String arn : chosen) {
                TrackedTask t = state.get(arn).orElseThrow();
                (t.phase() == TaskPhase.REGISTERED ? drain : stopNow).add(t);
            }
            LOG.info("{}: {} scales in by {}: draining {}, stopping {} not yet registered", EcsTaskTarget.NAME, service,
                    count, drain.size(), stopNow.size());
            Future<Void> deregistered = drain.isEmpty() ? Future.succeededFuture()
                    : calls.deregisterTargets(scope.targetGroupArn(), drain.stream().map(t -> t.target().orElseThrow()).toList())
                            .map(v -> {
                                Instant now = clock.instant();
                                drain.forEach(t -> t.draining(now));
                                return null;
                            });
            return deregistered.compose(v -> targets.stop(stopNow));
        });
    }

    // ---- one operation at a time

    /**
     * Runs the operation after the ones before it, and never in the turn of the event loop that
     * asked for it: two wishes made one after the other (apply 2, then apply 4) are both recorded
     * before either operation reads the desired count, so neither acts on a wish already overtaken.
     */
    private <T> Future<T> serialized(Supplier<Future<T>> operation) {
        Context context = Vertx.currentContext();
        Future<T> mine = tail.transform(ignored -> laterTurn(context)).compose(ignored -> {
            try {
                return operation.get();
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
        });
        tail = mine;
        return mine;
    }

    private static Future<Void> laterTurn(Context context) {
        Promise<Void> turn = Promise.promise();
        context.runOnContext(v -> turn.complete());
        return turn.future();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
