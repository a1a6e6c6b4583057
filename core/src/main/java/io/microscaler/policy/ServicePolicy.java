package io.microscaler.policy;

import io.microscaler.decision.Decision;
import io.microscaler.decision.Inputs;
import io.microscaler.decision.Reason;
import io.microscaler.decision.Recommendation;
import io.microscaler.policy.PolicyMemory.Scaling;
import io.microscaler.schedule.Schedules;
import io.microscaler.window.SpanStats;
import io.microscaler.window.WindowSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * All of one service's policies, as one {@link ScalingPolicy}. Each evaluation:
 * <ol>
 *   <li>{@link HoldConditions}: warming, unknown or stale window, unknown task count → hold;</li>
 *   <li>every configured policy recommends a count: {@link TargetTracking} (always),
 *   {@link LatencyTracking}, {@link StepScaling}, {@link DemandScaling}, and {@link PanicMode}'s
 *   panic window while panicking; the largest wins (the first listed, on a tie);</li>
 *   <li>{@link Stabilisation}: scale-up to the lowest, scale-in to the highest recommendation in
 *   the windows;</li>
 *   <li>no scale-in on a stable window that is still filling (after a start, or a rebuild that found
 *   less history), while panicking, while the error ratio is above the guard, nor while idle with a
 *   log shipper gone silent ({@link Quiet});</li>
 *   <li>{@link Cooldowns}, then {@link RateLimits}: no change too soon, none faster than allowed;</li>
 *   <li>activation: from zero tasks (a demand-driven worker scaled to zero), what was recommended
 *   starts at once;</li>
 *   <li>{@link TaskBounds}: within [min, max], always; while one of the service's schedules is active,
 *   its bounds in place of the service's own ({@link ScheduledBounds}, reason {@code scheduled}).</li>
 * </ol>
 * The reason is the last step that changed the count (the winner's own reason if none did), so a
 * step that would have held the count anyway does not take the credit. Pure: time only from
 * {@code now}; what is remembered (recommendations, scalings, panic) comes in with the state and
 * goes out as the next memory.
 */
public final class ServicePolicy implements ScalingPolicy {

    public static final String NAME = "service-policy";

    private final ServicePolicySettings settings;
    // from the settings, once: every evaluation needs them (they were a stream each, per evaluation)
    private final Duration longestStabilisation;
    private final Duration longestScalingMemory;
    private final Schedules schedules;
    // the bounds with no schedule active, once: most services have no schedules, and a tick of
    // 10,000 services should not allocate a bounds value for each (issue 20)
    private final ScheduledBounds ownBounds;

    public ServicePolicy(ServicePolicySettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.schedules = ScheduledBounds.of(settings.schedules());
        this.ownBounds = new ScheduledBounds(settings.minTasks(), settings.maxTasks(), Optional.empty());
        this.longestStabilisation = max(settings.scaleUp().stabilisation(), settings.scaleDown().stabilisation());
        this.longestScalingMemory = max(max(max(settings.scaleUp().longestPeriod(), settings.scaleDown().longestPeriod()),
                max(settings.scaleUp().cooldown(), settings.scaleDown().cooldown())), LatencyTracking.SCALE_OUT_MEMORY);
    }

    public ServicePolicySettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Evaluation decide(WindowSnapshot window, ServiceState state, Instant now) {
        ScheduledBounds bounds = schedules.isEmpty() ? ownBounds : ScheduledBounds.at(settings, schedules, now);
        Optional<Decision> hold = HoldConditions.check(window, state, now, NAME);
        if (hold.isPresent()) {
            return boundedHold(hold.get(), state, bounds, now);
        }
        Capacity capacity = state.capacity();
        int current = capacity.desired();
        PolicyMemory memory = state.memory();
        Inputs inputs = new Inputs();
        inputs.put("tasks", current);
        inputs.put("running", capacity.running());
        inputs.put("pending", capacity.pending());

        List<Recommendation> recommendations = new ArrayList<>();
        recommendations.add(TargetTracking.recommend(settings, window.stable(), current, inputs));
        LatencyTracking.recommend(settings, window.panic(), capacity, memory.scalings(), memory.lastStarting(), now, inputs)
                .ifPresent(recommendations::add);
        settings.step().flatMap(s -> StepScaling.recommend(s, window, capacity, inputs)).ifPresent(recommendations::add);
        settings.demand().flatMap(d -> DemandScaling.recommend(d, window, inputs)).ifPresent(recommendations::add);
        PredictiveScaling.recommend(settings, window, inputs).ifPresent(recommendations::add);
        PanicMode.Outcome panic = PanicMode.evaluate(settings, window, capacity, memory.panic(), now);
        if (panic.recommendation() != null) {
            recommendations.add(panic.recommendation());
        }
        Recommendation winner = recommendations.get(0);
        for (Recommendation r : recommendations) {
            if (r.count() > winner.count()) {
                winner = r;
            }
        }
        inputs.put("recommended", winner.count());
        putIfFinite(inputs, "p95Ms", window.stable().p95Ms());
        putIfFinite(inputs, "errorRatio", window.stable().errorRatio());

        Shaping shaping = new Shaping(winner.count(), winner.reason());
        stabilise(shaping, memory, current, now);
        refuseScaleIn(shaping, current, panic.panicking(), window.stable());
        if (shaping.count < current) {
            Quiet.silentSource(window, current).ifPresent(note -> shaping.set(current, Reason.SOURCE_SILENT, () -> note));
        }
        limitRate(shaping, memory.scalings(), current, now);
        activate(shaping, winner, current);
        int shaped = shaping.count;
        TaskBounds.Bounded bounded = bounds.clamp(shaped);
        if (bounded.changed()) {
            shaping.set(bounded.count(), bounded.reason(), () -> bounds.note(shaped, bounded, now));
        }

        // the text only when read: most evaluations are neither published nor shown (issue 20)
        Recommendation won = winner;
        Decision decision = Decision.explained(state.service(), now, current, shaping.count, winner.policy(),
                shaping.reason, () -> Quiet.prefix(window, now) + won.message() + shaping.notes() + " (from " + current + ")",
                inputs, recommendations);
        PolicyMemory next = new PolicyMemory(
                PolicyMemory.remember(memory.recommended(), now, winner.count(), longestStabilisation()),
                PolicyMemory.remember(memory.scalings(), now, current, shaping.count, longestScalingMemory()),
                panic.next(), memory.lastStarting()).seeing(capacity, now);
        return new Evaluation(decision, next);
    }

    /**
     * Scale to zero's way back: at zero tasks (only demand-driven workers may be there) any
     * recommendation above zero starts what it asks for at once. Stabilisation, cooldowns and rate
     * limits exist to damp changes of a running service; with none running there is nothing to damp,
     * and every second held is a second the queue waits for nothing.
     */
    private void activate(Shaping shaping, Recommendation winner, int current) {
        if (current == 0 && winner.count() > 0 && shaping.count < winner.count()) {
            shaping.set(winner.count(), Reason.ACTIVATION, () -> "activation: no task runs and there is work: starting "
                    + Figures.tasks(winner.count()) + " at once");
        } else if (current == 0 && shaping.count > 0) {
            shaping.relabel(Reason.ACTIVATION, () -> "activation: no task ran");
        }
    }

    private void stabilise(Shaping shaping, PolicyMemory memory, int current, Instant now) {
        Stabilisation.Stabilised s = Stabilisation.apply(memory.recommended(), shaping.count, current, now,
                settings.scaleUp().stabilisation(), settings.scaleDown().stabilisation());
        if (s.count() < shaping.count) {
            shaping.set(s.count(), Reason.SCALE_UP_STABILISED, () -> "held at " + s.count() + ": lowest recommendation within the "
                    + settings.scaleUp().stabilisation().toSeconds() + " s scale-up stabilisation window");
        } else if (s.count() > shaping.count) {
            shaping.set(s.count(), Reason.SCALE_DOWN_STABILISED, () -> "held at " + s.count()
                    + ": highest recommendation within the " + settings.scaleDown().stabilisation().toSeconds()
                    + " s scale-down stabilisation window");
        }
    }

    private void refuseScaleIn(Shaping shaping, int current, boolean panicking, SpanStats stable) {
        double errorRatio = stable.errorRatio();
        Duration full = settings.panic().stableSpan();
        if (shaping.count < current && stable.span().compareTo(full) < 0) {
            shaping.set(current, Reason.WINDOW_FILLING, () -> "no scale-in on " + stable.span().toSeconds() + " s of data: the "
                    + full.toSeconds() + " s stable window is still filling: holding at " + current);
        }
        if (shaping.count < current && panicking) {
            shaping.set(current, Reason.PANIC, () -> "no scale-in while panicking: holding at " + current);
        }
        if (shaping.count < current && settings.errorGuard().isPresent()
                && errorRatio > settings.errorGuard().getAsDouble()) {
            shaping.set(current, Reason.ERROR_GUARD, () -> "error ratio " + Figures.num(Math.round(errorRatio * 1000) / 1000.0)
                    + " > guard " + Figures.num(settings.errorGuard().getAsDouble()) + ": no scale-in, holding at " + current);
        }
    }

    private void limitRate(Shaping shaping, List<Scaling> scalings, int current, Instant now) {
        if (shaping.count > current) {
            Instant until = Cooldowns.upUntil(scalings, settings.scaleUp().cooldown(), now);
            if (until != null) {
                shaping.set(current, Reason.COOLDOWN, () -> "scale-up cooldown until " + until + ": holding at " + current);
                return;
            }
            int limit = RateLimits.upLimit(settings.scaleUp(), scalings, current, now);
            if (shaping.count > limit) {
                shaping.set(limit, Reason.SCALE_UP_LIMIT, () -> settings.scaleUp().select() == SelectPolicy.DISABLED
                        ? "scale-up disabled: holding at " + current
                        : "limited to " + limit + " by " + describe(settings.scaleUp()));
            }
        } else if (shaping.count < current) {
            Instant until = Cooldowns.downUntil(scalings, settings.scaleDown().cooldown(), now);
            if (until != null) {
                shaping.set(current, Reason.COOLDOWN, () -> "scale-down cooldown until " + until + ": holding at " + current);
                return;
            }
            int limit = RateLimits.downLimit(settings.scaleDown(), scalings, current, now);
            if (shaping.count < limit) {
                shaping.set(limit, Reason.SCALE_DOWN_LIMIT, () -> settings.scaleDown().select() == SelectPolicy.DISABLED
                        ? "scale-down disabled: holding at " + current
                        : "limited to " + limit + " by " + describe(settings.scaleDown()));
            }
        }
    }

    /** A hold changes nothing, except to bring a count outside the bounds within them. */
    private Evaluation boundedHold(Decision hold, ServiceState state, ScheduledBounds bounds, Instant now) {
        if (state.capacity() == null) {
            return new Evaluation(hold, state.memory());
        }
        int current = state.capacity().desired();
        TaskBounds.Bounded bounded = bounds.clamp(current);
        if (!bounded.changed()) {
            return new Evaluation(hold, state.memory()); // nothing recommended: the history is unchanged
        }
        Decision decision = new Decision(hold.service(), now, 0, current, bounded.count(), NAME, bounded.reason(),
                hold.message() + "; but " + current + " is outside " + bounds.range() + ": "
                        + (bounded.reason() == Reason.SCHEDULED ? bounds.note(current, bounded, now) : bounded.count()),
                Map.of());
        PolicyMemory m = state.memory();
        return new Evaluation(decision, new PolicyMemory(m.recommended(),
                PolicyMemory.remember(m.scalings(), now, current, bounded.count(), longestScalingMemory()), m.panic(),
                m.lastStarting()));
    }

    private Duration longestStabilisation() {
        return longestStabilisation;
    }

    private Duration longestScalingMemory() {
        return longestScalingMemory;
    }

    private static String describe(ScalingRules rules) {
        List<String> limits = rules.limits().stream().map(RateLimit::toString).toList();
        return limits.size() == 1 ? limits.get(0)
                : String.join(", ", limits) + " (select " + rules.select().name().toLowerCase(java.util.Locale.ROOT) + ")";
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static void putIfFinite(Inputs inputs, String key, double value) {
        if (Double.isFinite(value)) {
            inputs.put(key, value); // NaN has no JSON form: left out when there is no figure
        }
    }

    /**
     * The count as it goes through the steps, the reason of the last step that changed it, and why:
     * the notes are built only if the decision's message is read, from values that do not change.
     */
    private static final class Shaping {
        int count;
        Reason reason;
        private List<Supplier<String>> notes = List.of();

        Shaping(int count, Reason reason) {
            this.count = count;
            this.reason = reason;
        }

        void set(int newCount, Reason newReason, Supplier<String> note) {
            count = newCount;
            reason = newReason;
            note(note);
        }

        String notes() {
            StringBuilder text = new StringBuilder();
            for (Supplier<String> note : notes) {
                text.append("; ").append(note.get());
            }
            return text.toString();
        }

        /** The count stays; the reason and a note say what it means. */
        void relabel(Reason newReason, Supplier<String> note) {
            reason = newReason;
            note(note);
        }

        private void note(Supplier<String> note) {
            if (notes.isEmpty()) {
                notes = new ArrayList<>(2);
            }
            notes.add(note);
        }
    }
}
