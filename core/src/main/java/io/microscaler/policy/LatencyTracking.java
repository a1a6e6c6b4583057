package io.microscaler.policy;

import io.microscaler.decision.Inputs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.microscaler.decision.Reason;
import io.microscaler.decision.Recommendation;
import io.microscaler.window.SpanStats;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Target tracking on p95 latency, over the panic (short) span: above target × (1 + tolerance), scale out
 * in proportion, desired = ceil(ready × p95 / target): 3 ready tasks at p95 820 ms for a 250 ms
 * target → ceil(9.84) = 10.
 *
 * <p>The short span because the proportion is of the tasks ready now, so the latency must be theirs:
 * a 30 s stable-span p95 keeps a burst's queueing latency for 30 s after the tasks that cured it
 * are ready, and scaling those in proportion runs away: 12 ready tasks × 995 ms / 250 ms → 48,
 * while the last 6 s were at 51 ms. The panic span holds only recent requests.
 *
 * <p>After a scale-out the latency must first show the new tasks: requests that queued before them
 * still complete, with their queueing latency, for a while after they are ready. So while tasks are
 * starting, for one span after the last one was seen starting, and for two spans after a
 * scale-out, a p95 over target holds at the count already asked for instead of multiplying it
 * again: a p95 of requests that queued before the new tasks were ready says nothing of what those
 * tasks can do (12 tasks × 995 ms / 250 ms → 47 for a load that 6 serve). The span after starting
 * matters where tasks take longer to start than two spans: with 20 s starts and a 6 s span, the
 * first p95 after the tasks are ready is still of requests that waited for them.
 *
 * <p>It never scales in: while over target it recommends at least the current count, and under
 * target it makes no recommendation at all. Latency is not linear in tasks (it stays near the service time until the
 * tasks saturate, then climbs steeply), so a low p95 says nothing about how many fewer tasks would
 * do; scale-in is left to the load-based policies.
 *
 * <p>Start-up awareness: the latency was measured on the ready (running) tasks, so the proportion
 * is of those; tasks still starting are part of the current count the recommendation is compared
 * with, so while they start the same latency does not add more. With no ready task there is
 * nothing to scale in proportion to, and no recommendation.
 */
final class LatencyTracking {

    static final String NAME = "latency";
    /** Scale-outs are remembered at least this long so the latency policy can see its own last push. */
    static final Duration SCALE_OUT_MEMORY = Duration.ofSeconds(60);

    private LatencyTracking() {
    }

    /**
     * With concurrency tracking and servers that say what is work and what is waiting, a p95 over
     * target is queueing, and the tasks that keep up with the offered load and drain the backlog
     * ({@link ConcurrencyDemand}) are all it takes: scaling the ready tasks by p95 ÷ target asks for
     * the queue's wait, not the load's work (3 ready × 1,034 ms ÷ 250 ms = 13 where 400/s × 37 ms ÷
     * 2.5 = 6 keep up). Empty where the window cannot tell work from waiting.
     */
    private static OptionalInt whatDrains(ServicePolicySettings s, SpanStats recent) {
        if (s.metric() != TargetMetric.CONCURRENCY) {
            return OptionalInt.empty();
        }
        ConcurrencyDemand.Estimate e = ConcurrencyDemand.of(recent, s.backlogDrain());
        return e.basis() == ConcurrencyDemand.Basis.LITTLE ? OptionalInt.empty()
                : OptionalInt.of(DesiredTasks.forTotal(e.total(), s.targetPerTask()));
    }

    static Optional<Recommendation> recommend(ServicePolicySettings s, SpanStats recent, Capacity c,
                                              List<PolicyMemory.Scaling> scalings, Instant lastStarting, Instant now,
                                              Inputs inputs) {
        if (s.latencyTargetMs().isEmpty()) {
            return Optional.empty();
        }
        double target = s.latencyTargetMs().getAsDouble();
        double p95 = recent.p95Ms();
        inputs.put("latencyTargetMs", target);
        if (Double.isNaN(p95) || c.running() == 0) {
            return Optional.empty();
        }
        double ratio = p95 / target;
        if (ratio <= 1 + s.tolerance() + DesiredTasks.EPSILON) {
            return Optional.empty(); // under target (or within tolerance): no opinion, never a scale-in
        }
        int proportional = DesiredTasks.forTotal(c.running() * ratio, 1);
        String message = "latency: p95 " + Figures.num(Math.round(p95)) + " ms over the last " + recent.span().toSeconds()
                + " s > target " + Figures.num(target) + " ms: " + Figures.tasks(c.running())
                + " ready × " + Figures.num(Math.round(ratio * 100) / 100.0) + " → " + Figures.tasks(proportional);
        OptionalInt drains = whatDrains(s, recent);
        if (drains.isPresent() && drains.getAsInt() < proportional) {
            proportional = Math.max(drains.getAsInt(), c.running());
            message += "; capped at " + Figures.tasks(proportional) + ": the p95 is queueing, and that many keep up"
                    + " with the offered load and work the backlog off";
        }
        Instant settledFrom = now.minus(recent.span().multipliedBy(2));
        boolean recentScaleOut = scalings.stream().anyMatch(x -> x.to() > x.from() && x.at().isAfter(settledFrom));
        boolean recentlyStarting = lastStarting != null && lastStarting.isAfter(now.minus(recent.span()));
        if (proportional > c.desired() && (c.pending() > 0 || c.running() < c.desired() || recentScaleOut || recentlyStarting)) {
            return Optional.of(new Recommendation(NAME, c.desired(), Reason.TARGET_TRACKING, message + ", but the last"
                    + " scale-out has not shown in the latency yet: holding at " + c.desired()));
        }
        if (proportional < c.desired()) {
            // Over target, so never fewer: the tasks on their way (or already asked for) cover it.
            return Optional.of(new Recommendation(NAME, c.desired(), Reason.TARGET_TRACKING, message + ", but "
                    + c.desired() + " already asked for: holding"));
        }
        return Optional.of(new Recommendation(NAME, proportional, Reason.TARGET_TRACKING, message));
    }
}
