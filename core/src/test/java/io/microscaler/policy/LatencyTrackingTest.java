package io.microscaler.policy;

import static io.microscaler.policy.Snapshots.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LatencyTrackingTest {

    @ParameterizedTest(name = "p95 {0} ms, target 250 ms, {1} running + {2} pending, rps {3} → {4} by {5}")
    @CsvSource(nullValues = "-", value = {
            // p95  running pending rps  to  winning policy
            // microscaler: over the p95 target, scale out in proportion: ceil(ready × p95 / target)
            "820,   3,      0,      300, 10, latency",          // 3 × 3.28 = 9.84 → 10
            "500,   4,      0,      400,  8, latency",          // 4 × 2
            "270,   4,      0,      400,  4, target-tracking",  // ratio 1.08: within the tolerance
            // under the target latency never scales in: the load-based policy decides alone
            "100,   6,      0,      200,  2, target-tracking",
            // start-up awareness: proportion of the ready tasks; the pending ones are already counted
            "500,   2,      2,      200,  4, latency",          // 2 ready × 2 = 4 = the current count: no change
            "500,   2,      3,      200,  5, latency",          // 4 < 5 on the way: adds nothing, but no scale-in
            "500,   0,      3,      200,  2, target-tracking",  // nothing ready yet: no recommendation
            "NaN,   3,      0,      300,  3, target-tracking",  // no latency in the window
    })
    void scalesOutInProportionAndNeverIn(double p95, int running, int pending, double rps, int to, String policy) {
        ServicePolicy p = new ServicePolicy(ServicePolicySettings.targetTracking(TargetMetric.RPS, 100, 1, 20)
                .withLatencyTarget(250).withBehaviour(ScalingRules.NONE, ScalingRules.NONE));
        var span = Snapshots.span(60, rps, 0, p95, 0);

        Decision d = p.decide(Snapshots.burst(span, span, T0), Snapshots.tasks(running, pending), T0).decision();

        assertThat(d.to()).isEqualTo(to);
        assertThat(d.policy()).isEqualTo(policy);
        if (policy.equals("latency")) {
            assertThat(d.reason()).isEqualTo(Reason.TARGET_TRACKING);
        }
    }

    @ParameterizedTest(name = "message")
    @CsvSource({"820, 3"})
    void theMessageNamesTheFigures(double p95, int running) {
        ServicePolicy p = new ServicePolicy(ServicePolicySettings.targetTracking(TargetMetric.RPS, 100, 1, 20)
                .withLatencyTarget(250));
        var span = Snapshots.span(60, 300, 0, p95, 0);

        Decision d = p.decide(Snapshots.burst(span, span, T0), Snapshots.tasks(running), T0).decision();

        assertThat(d.message()).isEqualTo(
                "latency: p95 820 ms over the last 60 s > target 250 ms: 3 tasks ready × 3.28 → 10 tasks (from 3)");
    }

    @ParameterizedTest(name = "scale-out {0} s ago, {1} pending, p95 over the last 6 s at 976 ms → {2}")
    @CsvSource({
            // microscaler: requests that queued before a scale-out still complete with their queueing
            // latency after the new tasks are ready; for two spans (12 s) the latency policy holds
            // at the count already asked for instead of multiplying it again (12 → 47 for 6 needed)
            " 5, 0, 12",
            "11, 0, 12",
            "13, 0, 47",   // the span now shows only the 12 tasks: 12 × 976 / 250 = 46.8 → 47
            "60, 2, 12",   // tasks still starting: their effect is not in the latency either
    })
    void holdsUntilTheLastScaleOutShowsInTheLatency(int secondsAgo, int pending, int to) {
        ServicePolicy p = new ServicePolicy(ServicePolicySettings.targetTracking(TargetMetric.RPS, 100, 1, 60)
                .withLatencyTarget(250).withBehaviour(ScalingRules.NONE, ScalingRules.NONE));
        var recent = Snapshots.span(6, 400, 0, 976, 0);
        var state = Snapshots.tasks(12 - pending, pending).withMemory(new PolicyMemory(java.util.List.of(),
                java.util.List.of(new PolicyMemory.Scaling(T0.minusSeconds(secondsAgo), 6, 12)), null));

        Decision d = p.decide(Snapshots.burst(Snapshots.span(60, 400, 0, 976, 0), recent, T0), state, T0).decision();

        assertThat(d.to()).isEqualTo(to);
        if (to == 12) {
            assertThat(d.recommendations()).anySatisfy(r -> assertThat(r.message())
                    .contains("the last scale-out has not shown in the latency yet: holding at 12"));
        }
    }

    @ParameterizedTest(name = "scale-out 21 s ago, tasks last seen starting {0} s ago → {1}")
    @CsvSource({
            // microscaler: where tasks take longer to start than two spans (20 s here, span 6 s), the
            // latency must still get one span of the ready tasks before it may scale again. The trace
            // replay went 6 → 8 one second after its 6 were ready, on requests that had waited for them.
            "1, 12",
            "5, 12",
            "7, 47",
    })
    void holdsForASpanAfterTheLastTaskWasSeenStarting(int secondsAgo, int to) {
        ServicePolicy p = new ServicePolicy(ServicePolicySettings.targetTracking(TargetMetric.RPS, 100, 1, 60)
                .withLatencyTarget(250).withBehaviour(ScalingRules.NONE, ScalingRules.NONE));
        var recent = Snapshots.span(6, 400, 0, 976, 0);
        var state = Snapshots.tasks(12, 0).withMemory(new PolicyMemory(java.util.List.of(),
                java.util.List.of(new PolicyMemory.Scaling(T0.minusSeconds(21), 6, 12)), null, T0.minusSeconds(secondsAgo)));

        Decision d = p.decide(Snapshots.burst(Snapshots.span(60, 400, 0, 976, 0), recent, T0), state, T0).decision();

        assertThat(d.to()).isEqualTo(to);
    }

    @ParameterizedTest(name = "{0} running + {1} pending of {2} desired: remembered as starting = {3}")
    @CsvSource({"10, 2, 12, true", "10, 0, 12, true", "12, 0, 12, false"})
    void theMemoryNotesWhenTasksWereLastSeenStarting(int running, int pending, int desired, boolean starting) {
        ServicePolicy p = new ServicePolicy(ServicePolicySettings.targetTracking(TargetMetric.RPS, 100, 1, 60));
        var span = Snapshots.span(60, 1200, 0, 50, 0);
        var state = ServiceState.initial("svc").withCapacity(new Capacity(desired, running, pending));

        PolicyMemory next = p.decide(Snapshots.burst(span, span, T0), state, T0).next();

        assertThat(next.lastStarting()).isEqualTo(starting ? T0 : null);
    }

    @ParameterizedTest(name = "{0} ready, p95 {1} ms, {2}/s at {3} ms at work, backlog {4} → {5}")
    @CsvSource({
            // concurrency target 2.5: a p95 over target that is queueing asks for what keeps up and drains
            // the backlog (within 30 s), not for ready × p95 ÷ target
            // ready p95   rate serviceMs backlog to
            "3,     1034,  400, 37,       150,    6",   // 400 × 0.037 + 150 × 0.037 / 30 = 14.99 / 2.5 → 6 (cap), vs 3 × 4.14 = 13
            "2,     600,   150, 37,       0,      3",   // 150 × 0.037 = 5.55 → 3 (cap), vs 2 × 2.4 = 5
            "4,     800,   420, 37,       20,     7",   // 15.56 / 2.5 = 6.2 → 7 (cap), vs 4 × 3.2 = 13
    })
    void aQueueingP95AsksForWhatKeepsUpAndDrainsNotForTheWait(int ready, double p95, double rate, double serviceMs,
                                                             double backlog, int to) {
        ServicePolicy p = new ServicePolicy(ServicePolicySettings.targetTracking(TargetMetric.CONCURRENCY, 2.5, 1, 40)
                .withLatencyTarget(250).withBehaviour(ScalingRules.NONE, ScalingRules.NONE)
                .withPanic(PanicSettings.OFF));
        var work = new io.microscaler.window.WorkStats(serviceMs, 1, Double.NaN, backlog, 0);
        var span = new io.microscaler.window.SpanStats(java.time.Duration.ofSeconds(6), Math.round(rate * 6), 0, rate,
                rate * p95 / 1000, p95 / 2, p95, p95 * 1.2, 0, 0, 0, work);

        Decision d = p.decide(Snapshots.burst(Snapshots.span(60, rate, 1, 50, 0), span, T0), Snapshots.tasks(ready), T0)
                .decision();

        assertThat(d.to()).isEqualTo(to);
        assertThat(d.policy()).isEqualTo("latency");
        assertThat(d.message()).contains("capped at " + to + " tasks");
    }
}
