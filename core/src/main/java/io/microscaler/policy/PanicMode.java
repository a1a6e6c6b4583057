package io.microscaler.policy;

import io.microscaler.decision.Reason;
import io.microscaler.decision.Recommendation;
import io.microscaler.policy.PolicyMemory.Panic;
import io.microscaler.window.WindowSnapshot;
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
 *   <li>Unlike Knative, the load is also read at the rate each of the newest two seconds reached,
 *   where that is higher than the window's mean ({@link MetricReading#atRate}), for the condition
 *   and for the recommendation: after a step the 6 s mean still counts the seconds before it, so it
 *   started the panic late and asked for the tasks one at a time as the window filled (2 → 3 → 5 →
 *   6 → 7 over 6 s for a step from 80 to 400 requests/s), each arriving a start delay after its ask.
 *   Two seconds and the lesser of them, so that a single second's burst does not count: a step has
 *   come when two seconds in a row carry it (BENCHMARKS.md, "Trace replay", for what it costs).</li>
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

    static Outcome evaluate(ServicePolicySettings s, WindowSnapshot w, Capacity c,
                            Panic previous, Instant now) {
        PanicSettings p = s.panic();
        if (!p.enabled()) {
            return new Outcome(null, null);
        }
        MetricReading reading = MetricReading.of(s.metric(), w.panic(), "panic", s.backlogDrain());
        double target = s.targetPerTask();
        int ready = Math.max(1, c.running());
        double newestTotal = reading.atRate(w.panic().rate(), w.newestRate());
        double total = Math.max(reading.total(), newestTotal);
        boolean condition = total / target >= p.threshold() * ready - DesiredTasks.EPSILON;
        Panic next;
        Supplier<String> why; // the text only when read (issue 20)
        if (condition) {
            next = previous == null ? new Panic(now, now) : new Panic(previous.since(), now);
            why = () -> "panic: " + figures(reading, newestTotal, w, true, p, target, ready);
        } else if (previous != null && now.isBefore(previous.lastCondition().plus(p.stableSpan()))) {
            next = previous;
            long quiet = Duration.between(previous.lastCondition(), now).toSeconds();
            why = () -> "panic (since " + previous.since() + "; condition absent " + quiet + " s of "
                    + p.stableSpan().toSeconds() + " s): " + figures(reading, newestTotal, w, false, p, target, ready);
        } else {
            return new Outcome(null, null); // not panicking: no text built for nobody (most evaluations)
        }
        // while the condition holds the load is the higher reading; after it, the span's alone
        int desired = DesiredTasks.forTotal(condition ? total : reading.total(), target);
        return new Outcome(next, Recommendation.explained(NAME, desired, Reason.PANIC, () -> why.get() + " → " + desired));
    }

    /**
     * "6 s concurrency 41.2 ≥ 2 × target 10 × 2 tasks", or where the newest seconds read higher "6 s
     * concurrency 8.8 (…); at the newest 2 s' 357.0/s: 14.1 ≥ 2 × target 2.5 × 2 tasks".
     */
    private static String figures(MetricReading reading, double newestTotal, WindowSnapshot w, boolean condition,
                                  PanicSettings p, double target, int ready) {
        String newest = newestTotal > reading.total() && condition
                ? "; at the newest " + WindowSnapshot.NEWEST_SECONDS + " s' " + Figures.oneDecimal(w.newestRate()) + "/s: "
                        + Figures.oneDecimal(newestTotal)
                : "";
        return reading.spanSeconds() + " s " + reading.described() + newest
                + (condition ? " ≥ " : " < ") + Figures.num(p.threshold()) + " × target " + Figures.num(target)
                + " × " + Figures.tasks(ready);
    }
}
