package io.microscaler.policy;

import static io.microscaler.policy.Snapshots.T0;
import static io.microscaler.policy.Snapshots.tasks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import io.microscaler.decision.Recommendation;
import io.microscaler.policy.PolicyMemory.Recommended;
import io.microscaler.window.DemandKind;
import io.microscaler.window.WindowState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import io.microscaler.window.SpanStats;
import io.microscaler.window.WindowSnapshot;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The whole pipeline: policies recommend, the largest wins, the steps shape it, the reason names the last. */
class ServicePolicyTest {

    static ServicePolicy plain(TargetMetric metric, double target, double tolerance, int min, int max) {
        return new ServicePolicy(ServicePolicySettings.targetTracking(metric, target, min, max).withTolerance(tolerance));
    }

    @ParameterizedTest(name = "{0} rps on {1} tasks, bounds [{2}, {3}] → {4} ({5})")
    @CsvSource({
            // HPA v2: desired = ceil(current × metric / target), i.e. ceil(total / target per task);
            // no change while the ratio is within the tolerance (0.1)
            // rps  tasks min max  to  reason            (target 100 per task)
            "500,    4,   1, 20,   5, TARGET_TRACKING",  // 5.00 → 5
            "500,    0,   0, 20,   5, ACTIVATION",       // from nothing: started at once
            "512,    4,   1, 20,   6, TARGET_TRACKING",  // 5.12 → 6
            "200,    2,   1, 20,   2, WITHIN_TOLERANCE", // ratio 1.00
            "200,    3,   1, 20,   2, TARGET_TRACKING",  // ratio 0.67: in, nothing remembered to hold for
            "550,    5,   1, 20,   5, WITHIN_TOLERANCE", // ratio 1.10: boundary, inclusive
            "551,    5,   1, 20,   6, TARGET_TRACKING",  // ratio 1.102
            "450,    5,   1, 20,   5, WITHIN_TOLERANCE", // ratio 0.90
            "399,    5,   1, 20,   4, TARGET_TRACKING",  // 3.99 → 4
            // HPA v2: minReplicas/maxReplicas bound every recommendation (TooFewReplicas, TooManyReplicas)
            "1240,   8,   1, 10,  10, AT_MAX",           // 12.4 → 13, capped
            "0,      3,   2, 10,   2, AT_MIN",           // idle: down to the minimum
            "0,      0,   0, 10,   0, TARGET_TRACKING",  // scale to zero allowed
            "1200,  12,   1, 10,  10, AT_MAX",           // within tolerance but above max
    })
    void targetTrackingOnRequestsPerSecond(double rps, int tasks, int min, int max, int to, Reason reason) {
        Decision d = plain(TargetMetric.RPS, 100, 0.1, min, max).decide(Snapshots.ok(rps, 0, T0), tasks(tasks), T0)
                .decision();

        assertThat(d.from()).isEqualTo(tasks);
        assertThat(d.to()).isEqualTo(to);
        assertThat(d.reason()).isEqualTo(reason);
        assertThat(d.policy()).isEqualTo("target-tracking");
        assertThat(d.service()).isEqualTo("iiif");
        assertThat(d.at()).isEqualTo(T0);
        assertThat(d.seq()).isZero();
    }

    @ParameterizedTest(name = "concurrency {0} on {1} tasks, tolerance {2} → {3} ({4})")
    @CsvSource({
            // Knative KPA: desired = ceil(observed concurrency / target concurrency per pod)
            "41.2, 4, 0.1,  4, WITHIN_TOLERANCE", // 41.2 / (4 × 10) = 1.03
            "41.2, 4, 0.01, 5, TARGET_TRACKING",  // 4.12 → 5
            "20.0, 4, 0.1,  2, TARGET_TRACKING",  // ratio 0.5
    })
    void targetTrackingOnConcurrency(double concurrency, int tasks, double tolerance, int to, Reason reason) {
        Decision d = plain(TargetMetric.CONCURRENCY, 10, tolerance, 1, 20)
                .decide(Snapshots.ok(999, concurrency, T0), tasks(tasks), T0).decision();

        assertThat(d.to()).isEqualTo(to);
        assertThat(d.reason()).isEqualTo(reason);
    }

    @ParameterizedTest(name = "{0} → \"{5}\"")
    @CsvSource(delimiter = '|', value = {
            "RPS         | 512  | 4 | 0.1  | 1 | rps 512.0 over 60 s stable window / target 100.0 per task = 5.12 → 6 tasks (from 4)",
            "CONCURRENCY | 41.2 | 4 | 0.01 | 1 | concurrency 41.2 over 60 s stable window / target 10.0 per task = 4.12 → 5 tasks (from 4)",
            "RPS         | 510  | 5 | 0.1  | 1 | rps 510.0 over 60 s stable window / target 100.0 per task = 5.1, ratio 1.020 to 5 tasks within tolerance 0.1: holding at 5 (from 5)",
            "RPS         | 30   | 3 | 0.1  | 2 | rps 30.0 over 60 s stable window / target 100.0 per task = 0.3 → 1 task; raised to min 2 (from 3)",
            "RPS         | 1240 | 8 | 0.1  | 1 | rps 1240.0 over 60 s stable window / target 100.0 per task = 12.4 → 13 tasks; capped at max 10 (from 8)",
    })
    void theMessageNamesTheFigures(TargetMetric metric, double total, int tasks, double tolerance, int min, String message) {
        double target = metric == TargetMetric.RPS ? 100 : 10;
        Decision d = plain(metric, target, tolerance, min, 10).decide(Snapshots.ok(total, total, T0), tasks(tasks), T0)
                .decision();

        assertThat(d.message()).isEqualTo(message);
    }

    @Test
    void theInputsCarryTheNumbers() {
        Decision d = plain(TargetMetric.RPS, 100, 0.1, 1, 20).decide(Snapshots.ok(512, 3, T0), tasks(4), T0).decision();

        assertThat(d.inputs()).containsOnly(
                entry("tasks", 4.0), entry("running", 4.0), entry("pending", 0.0),
                entry("rps", 512.0), entry("spanSeconds", 60.0), entry("target", 100.0),
                entry("desired", 5.12), entry("ratio", 1.28), entry("recommended", 6.0),
                entry("p95Ms", 120.0), entry("errorRatio", 0.01));
    }

    @ParameterizedTest(name = "{0} s of data: {1} → {2} ({3})")
    @CsvSource({
            // after a start or a rebuild that found less history, the stable span covers fewer seconds
            "3,  4, 4, WINDOW_FILLING",   // "4 → 1 (at-min): rps 0.0 over 3 s" is what this prevents
            "59, 4, 4, WINDOW_FILLING",
            "60, 4, 1, AT_MIN",           // a full stable window: the quiet is real
    })
    void noScaleInOnLessThanAFullStableWindowOfData(long seconds, int tasks, int to, Reason reason) {
        ServicePolicy policy = new ServicePolicy(ServicePolicySettings.targetTracking(TargetMetric.RPS, 100, 1, 20)
                .withPanic(new PanicSettings(false, 2, Duration.ofSeconds(60))));
        SpanStats quiet = Snapshots.span(seconds, 0, 0, 0, 0);
        WindowSnapshot w = new WindowSnapshot("iiif", T0, WindowState.OK, quiet, quiet, T0.minusMillis(200), Map.of());

        Decision d = policy.decide(w, tasks(tasks), T0).decision();

        assertThat(d.to()).isEqualTo(to);
        assertThat(d.reason()).isEqualTo(reason);
        if (reason == Reason.WINDOW_FILLING) {
            assertThat(d.message()).contains("no scale-in on " + seconds + " s of data");
        }
    }

    @Test
    void aFillingWindowStillScalesOut() {
        ServicePolicy policy = plain(TargetMetric.RPS, 100, 0.1, 1, 20);
        SpanStats busy = Snapshots.span(3, 900, 0, 120, 0);
        WindowSnapshot w = new WindowSnapshot("iiif", T0, WindowState.OK, busy, busy, T0.minusMillis(200), Map.of());

        assertThat(policy.decide(w, tasks(4), T0).decision().to()).isEqualTo(9);
    }

    @Test
    void aScaleInIsHeldForTheStabilisationWindowThenReleasedExactlyAfterIt() {
        // HPA v2: scale-down stabilisation (default 300 s) takes the highest recommendation in the window
        ServicePolicy policy = plain(TargetMetric.RPS, 100, 0.1, 1, 20);
        ServiceState state = tasks(5);
        Evaluation first = policy.decide(Snapshots.ok(500, 0, T0), state, T0);
        state = state.withMemory(first.next());
        Decision last = first.decision();
        for (int s = 1; s <= 300; s++) {
            Instant now = T0.plusSeconds(s);
            Evaluation e = policy.decide(Snapshots.ok(150, 0, now), state, now);
            last = e.decision();
            state = state.withMemory(e.next()).withCapacity(new Capacity(last.to(), last.to(), 0));
            if (s < 300) {
                assertThat(last.to()).as("at T0 + %d s", s).isEqualTo(5);
                assertThat(last.reason()).isEqualTo(Reason.SCALE_DOWN_STABILISED);
            }
        }
        assertThat(last.to()).isEqualTo(2); // at T0 + 300 s the 5 is 300 s old: out of the window
        assertThat(last.reason()).isEqualTo(Reason.TARGET_TRACKING);
        // a run of equal recommendations is remembered by its newest: one entry, not 300
        assertThat(state.memory().recommended()).containsExactly(new Recommended(T0.plusSeconds(300), 2));
    }

    @Test
    void theStabilisedMessageNamesTheRecommendationAndTheHeldCount() {
        ServiceState state = tasks(5).withMemory(new PolicyMemory(List.of(new Recommended(T0, 5)), List.of(), null));

        Decision d = plain(TargetMetric.RPS, 100, 0.1, 1, 20)
                .decide(Snapshots.ok(150, 0, T0.plusSeconds(60)), state, T0.plusSeconds(60)).decision();

        assertThat(d.to()).isEqualTo(5);
        assertThat(d.message()).isEqualTo("rps 150.0 over 60 s stable window / target 100.0 per task = 1.5 → 2 tasks;"
                + " held at 5: highest recommendation within the 300 s scale-down stabilisation window (from 5)");
        assertThat(d.inputs()).contains(entry("recommended", 2.0));
    }

    @ParameterizedTest(name = "window {0}, capacity known {1} → hold {2}")
    @CsvSource({
            // microscaler: never scale in on silence; a warming window decides nothing until rebuilt
            "WARMING, true,  WARMING",
            "UNKNOWN, true,  INSUFFICIENT_DATA",
            "OK,      false, CAPACITY_UNKNOWN",
    })
    void holdsWithoutTouchingTheMemory(WindowState windowState, boolean capacityKnown, Reason reason) {
        PolicyMemory memory = new PolicyMemory(List.of(new Recommended(T0, 7)), List.of(), null);
        ServiceState state = ServiceState.initial("iiif").withMemory(memory);
        if (capacityKnown) {
            state = state.withCapacity(new Capacity(7, 7, 0));
        }

        // idle for the policy's purposes: were it to decide, it would go to the minimum
        Evaluation e = new ServicePolicy(ServicePolicySettings.targetTracking(TargetMetric.RPS, 100, 1, 20)
                .withBehaviour(ScalingRules.NONE, ScalingRules.NONE))
                .decide(Snapshots.window(windowState, 0, 0, T0.plusSeconds(30)), state, T0.plusSeconds(30));

        assertThat(e.decision().reason()).isEqualTo(reason);
        assertThat(e.decision().changesCount()).isFalse();
        assertThat(e.decision().recommendations()).isEmpty();
        assertThat(e.next()).isSameAs(memory);
    }

    @Test
    void aHoldStillBringsACountOutsideTheBoundsWithinThem() {
        // min/max always: a maximum lowered while the data is stale still applies
        Decision d = plain(TargetMetric.RPS, 100, 0.1, 1, 10)
                .decide(Snapshots.window(WindowState.UNKNOWN, 0, 0, T0), tasks(14), T0).decision();

        assertThat(d.to()).isEqualTo(10);
        assertThat(d.reason()).isEqualTo(Reason.AT_MAX);
        assertThat(d.message()).startsWith("no whole second of events yet").contains("outside [1, 10]");
    }

    @Test
    void theLargestRecommendationWinsAndTheDecisionSaysWhatTheOthersSaid() {
        // Several policies on one service: each recommends, the largest wins (as the HPA's several metrics)
        ServicePolicySettings settings = ServicePolicySettings.targetTracking(TargetMetric.RPS, 100, 1, 20)
                .withLatencyTarget(250)
                .withDemand(new DemandSettings(DemandKind.QUEUE_DEPTH, 5, Duration.ofSeconds(60)));
        var window = Snapshots.withDemand(Snapshots.burst(Snapshots.span(60, 300, 0, 400, 0), Snapshots.span(6, 300, 0,
                400, 0), T0), DemandKind.QUEUE_DEPTH, 2_100);

        Decision d = new ServicePolicy(settings).decide(window, tasks(3), T0).decision();

        // rps 300 / 100 = 3 (within tolerance); latency 400/250 × 3 ready = 4.8 → 5; demand 2100 / 300 = 7
        assertThat(d.to()).isEqualTo(7);
        assertThat(d.policy()).isEqualTo("demand");
        assertThat(d.reason()).isEqualTo(Reason.DEMAND);
        assertThat(d.recommendations()).extracting(Recommendation::policy, Recommendation::count, Recommendation::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("target-tracking", 3, Reason.WITHIN_TOLERANCE),
                        org.assertj.core.groups.Tuple.tuple("latency", 5, Reason.TARGET_TRACKING),
                        org.assertj.core.groups.Tuple.tuple("demand", 7, Reason.DEMAND));
        assertThat(d.message()).isEqualTo("demand: queue depth 2100 ÷ (5 per task per s × 60 s drain) = 7 → 7 tasks (from 3)");
    }

    @ParameterizedTest(name = "queue {0} at zero tasks, scale-up stabilisation {1} s, cooldown {2} s → {3} ({4})")
    @CsvSource({
            // scale to zero's way back: a worker at zero with work starts at once, whatever damps a running one
            // queue  stab  cool  to  reason             (5 per task per s, 60 s drain: 300 per task)
            "  10,      0,    0,  1, ACTIVATION",
            "  10,     60,    0,  1, ACTIVATION",        // no stabilisation holds it at zero
            "  10,      0,   60,  1, ACTIVATION",        // nor a cooldown after the scale-in to zero
            "1500,     60,   60,  5, ACTIVATION",        // 1,500 / 300 = 5, all at once
            "   0,     60,   60,  0, TARGET_TRACKING",   // no work: stays at zero (no requests either)
    })
    void aWorkerScaledToZeroStartsAtOnceWhenWorkArrives(double queue, int stabilisation, int cooldown, int to, Reason reason) {
        ServicePolicySettings settings = ServicePolicySettings.targetTracking(TargetMetric.RPS, 100, 0, 20)
                .withDemand(new DemandSettings(DemandKind.QUEUE_DEPTH, 5, Duration.ofSeconds(60)))
                .withBehaviour(new ScalingRules(Duration.ofSeconds(stabilisation), List.of(), SelectPolicy.MAX,
                        Duration.ofSeconds(cooldown)),
                        new ScalingRules(Duration.ZERO, List.of(), SelectPolicy.MAX, Duration.ofSeconds(cooldown)));
        var window = Snapshots.withDemand(Snapshots.ok(0, 0, T0), DemandKind.QUEUE_DEPTH, queue);
        // it went 1 → 0 ten seconds ago, and recommended 0 since
        ServiceState state = tasks(0).withMemory(new PolicyMemory(List.of(new Recommended(T0.minusSeconds(10), 0)),
                List.of(new PolicyMemory.Scaling(T0.minusSeconds(10), 1, 0)), null));

        Decision d = new ServicePolicy(settings).decide(window, state, T0).decision();

        assertThat(d.to()).isEqualTo(to);
        assertThat(d.reason()).isEqualTo(reason);
        if (reason == Reason.ACTIVATION) {
            assertThat(d.message()).contains("activation");
        }
    }

    @ParameterizedTest(name = "{0} s after taking over at 3 tasks, load for 2 → {1} ({2})")
    @CsvSource({
            // a new owner (start-up, or another instance's service after a rebalance) has a full rebuilt
            // window but no stabilisation history: it holds the count it found for one 300 s window
            "  5, 3, SCALE_DOWN_STABILISED",
            "299, 3, SCALE_DOWN_STABILISED",
            "301, 2, TARGET_TRACKING",
    })
    void aNewOwnerHoldsTheCountItFoundForOneScaleDownWindow(int after, int to, Reason reason) {
        ServicePolicy policy = new ServicePolicy(ServicePolicySettings.targetTracking(TargetMetric.RPS, 100, 1, 20)
                .withBehaviour(new ScalingRules(Duration.ZERO, List.of(), SelectPolicy.MAX, Duration.ZERO),
                        new ScalingRules(Duration.ofSeconds(300), List.of(), SelectPolicy.MAX, Duration.ZERO)));
        ServiceState state = tasks(3).withMemory(PolicyMemory.EMPTY.takingOver(3, T0));
        Instant now = T0.plusSeconds(after);

        Decision d = policy.decide(Snapshots.ok(160, 0, now), state, now).decision();

        assertThat(d.to()).isEqualTo(to);
        assertThat(d.reason()).isEqualTo(reason);
        assertThat(PolicyMemory.EMPTY.takingOver(3, T0).takingOver(5, T0.plusSeconds(9)))
                .as("history it already has is kept").isEqualTo(PolicyMemory.EMPTY.takingOver(3, T0));
    }

    @Test
    void onATieTheFirstListedWins() {
        ServicePolicySettings settings = ServicePolicySettings.targetTracking(TargetMetric.RPS, 100, 1, 20)
                .withDemand(new DemandSettings(DemandKind.DESIRED_TASKS, 1, Duration.ofSeconds(60)));
        var window = Snapshots.withDemand(Snapshots.ok(500, 0, T0), DemandKind.DESIRED_TASKS, 5);

        Decision d = new ServicePolicy(settings).decide(window, tasks(2), T0).decision();

        assertThat(d.to()).isEqualTo(5);
        assertThat(d.policy()).isEqualTo("target-tracking");
    }

    @Test
    void theSameInputsGiveTheSameEvaluation() {
        ServicePolicy policy = plain(TargetMetric.RPS, 100, 0.1, 1, 20);
        ServiceState state = tasks(5).withMemory(new PolicyMemory(List.of(new Recommended(T0, 5)), List.of(), null));

        Evaluation a = policy.decide(Snapshots.ok(150, 0, T0.plusSeconds(5)), state, T0.plusSeconds(5));
        Evaluation b = policy.decide(Snapshots.ok(150, 0, T0.plusSeconds(5)), state, T0.plusSeconds(5));

        assertThat(a).isEqualTo(b);
        assertThat(state.memory().recommended()).hasSize(1); // the input was not changed
        assertThat(a.next().recommended()).hasSize(2);
    }

    @ParameterizedTest(name = "{0} running + {1} pending, rps {2} → {3} ({4})")
    @CsvSource({
            // start-up awareness: tasks still starting count as capacity on its way
            "3, 2, 500, 5, WITHIN_TOLERANCE", // 5 needed, 5 asked for: nothing added while 2 start
            "3, 2, 700, 7, TARGET_TRACKING",  // 7 needed: 2 more, not 4
            "0, 4, 400, 4, WITHIN_TOLERANCE",
    })
    void pendingTasksCountAsCapacityOnItsWay(int running, int pending, double rps, int to, Reason reason) {
        Decision d = plain(TargetMetric.RPS, 100, 0.1, 1, 20).decide(Snapshots.ok(rps, 0, T0),
                tasks(running, pending), T0).decision();

        assertThat(d.from()).isEqualTo(running + pending);
        assertThat(d.to()).isEqualTo(to);
        assertThat(d.reason()).isEqualTo(reason);
    }
}
