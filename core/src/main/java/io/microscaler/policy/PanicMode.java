package io.microscaler.policy;

import io.microscaler.decision.Reason;
import io.microscaler.decision.Recommendation;
import io.microscaler.policy.PolicyMemory.Panic;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Knative KPA's panic mode, without its mutation: the state comes in with the memory and goes out
 * as the next one.
 * <ul>
 *   <li>The condition: the panic window's load needs at least {@code threshold} × the ready tasks:
 *   6 s concurrency 41.2 at target 10 is 4.12 tasks' worth, ≥ 2 × 2 ready tasks.</li>
 *   <li>Panic starts when the condition first holds and lasts until a whole stable window has
 *   passed without it (Knative resets its panic time each time the condition holds again).</li>
 *   <li>While panicking the panic window's recommendation, ceil(total / target), competes with the
 *   others (largest wins), and the service is never scaled in.</li>
 * </ul>
 * Ready tasks are the running ones, at least 1 (Knative's {@code max(1, readyPods)}): tasks still
 * starting serve nothing yet.
 */
final class PanicMode {

    static final String NAME = "panic";

    private PanicMode() {
    }

    /**
     * @param next           the panic state for the next memory, null when not panicking
     * @param recommendation the panic window's recommendation while panicking, else null
     */
    record Outcome(Panic next, Recommendation recommendation) {

        boolean panicking() {
            return next != null;
        }
    }

    static Outcome evaluate(ServicePolicySettings s, io.microscaler.window.WindowSnapshot w, Capacity c,
                            Panic previous, Instant now) {
        PanicSettings p = s.panic();
        if (!p.enabled()) {
            return new Outcome(null, null);
        }
        MetricReading reading = MetricReading.of(s.metric(), w.panic(), "panic", s.backlogDrain());
        double target = s.targetPerTask();
        int ready = Math.max(1, c.running());
        boolean condition = reading.total() / target >= p.threshold() * ready - DesiredTasks.EPSILON;
        Panic next;
        Supplier<String> why; // the text only when read (issue 20)
        if (condition) {
            next = previous == null ? new Panic(now, now) : new Panic(previous.since(), now);
            why = () -> "panic: " + figures(reading, true, p, target, ready);
        } else if (previous != null && now.isBefore(previous.lastCondition().plus(p.stableSpan()))) {
            next = previous;
            long quiet = Duration.between(previous.lastCondition(), now).toSeconds();
            why = () -> "panic (since " + previous.since() + "; condition absent " + quiet + " s of "
                    + p.stableSpan().toSeconds() + " s): " + figures(reading, false, p, target, ready);
        } else {
            return new Outcome(null, null); // not panicking: no text built for nobody (most evaluations)
        }
        int desired = DesiredTasks.forTotal(reading.total(), target);
        return new Outcome(next, Recommendation.explained(NAME, desired, Reason.PANIC, () -> why.get() + " → " + desired));
    }

    /** "6 s concurrency 41.2 ≥ 2 × target 10 × 2 tasks". */
    private static String figures(MetricReading reading, boolean condition, PanicSettings p, double target, int ready) {
        return reading.spanSeconds() + " s " + reading.described()
                + (condition ? " ≥ " : " < ") + Figures.num(p.threshold()) + " × target " + Figures.num(target)
                + " × " + Figures.tasks(ready);
    }
}
