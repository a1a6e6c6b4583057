package io.microscaler.policy;

import static io.microscaler.policy.Snapshots.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Step scaling on p95 latency, threshold 500 ms: steps 0..200 +1, 200..500 +3, 500.. +50%, ..-300 -1. */
class StepScalingTest {

    static final StepSettings STEPS = new StepSettings(StepMetric.P95, 500, List.of(
            new Step(0, 200, ChangeType.COUNT, 1),
            new Step(200, 500, ChangeType.COUNT, 3),
            new Step(500, Double.POSITIVE_INFINITY, ChangeType.PERCENT, 50),
            new Step(Double.NEGATIVE_INFINITY, -300, ChangeType.COUNT, -1)));

    /** Target tracking at a target no load here reaches, so the step policy decides. */
    static ServicePolicy policy(StepSettings steps) {
        return new ServicePolicy(ServicePolicySettings.targetTracking(TargetMetric.RPS, 1_000_000, 0, 100)
                .withStep(steps).withBehaviour(ScalingRules.NONE, ScalingRules.NONE));
    }

    @ParameterizedTest(name = "p95 {0} ms on {1} running + {2} pending → {3}")
    @CsvSource({
            // p95  running pending to
            // AWS step scaling: the step whose [lower, upper) holds the breach applies
            "500,   4,      0,      5",  // breach 0: the first step, lower bound inclusive
            "699,   4,      0,      5",
            "700,   4,      0,      7",  // breach 200: the next step (upper bound exclusive)
            "1000,  4,      0,      7",  // +50 % of 4 is +2, less than the step below asks (+3): +3
            "1100,  6,      0,      9",  // +50 % of 6
            "1100,  5,      0,      8",  // +50 % of 5 = 2.5, rounded toward zero as AWS does, is +2 < +3: +3
            "1100,  8,      0,     12",  // +50 % of 8
            "1100,  1,      0,      4",  // +50 % of 1 = 0.5 is one task, less than the step below asks (+3)
            "150,   4,      0,      3",  // breach −350: −1
            "300,   4,      0,      4",  // breach −200: in no step, above the scale-in step: holds (at 150 ms it gave 3; more load never fewer)
            // AWS warm-up: while tasks start, a step out is not repeated for the same breach
            "700,   4,      3,      7",
            "150,   4,      3,      6",  // a step in still applies to the count asked for
    })
    void theStepOfTheBreachAddsOrRemoves(double p95, int running, int pending, int to) {
        var span = Snapshots.span(60, 1, 0, p95, 0);

        Decision d = policy(STEPS).decide(Snapshots.burst(span, span, T0), Snapshots.tasks(running, pending), T0)
                .decision();

        assertThat(d.to()).isEqualTo(to);
        if (to != 1) {
            assertThat(d.policy()).isEqualTo("step");
            assertThat(d.reason()).isEqualTo(Reason.STEP);
        }
    }

    @Test
    void aPercentOfOneTaskIsAtLeastOneTask() {
        StepSettings percentOnly = new StepSettings(StepMetric.P95, 500,
                List.of(new Step(0, Double.POSITIVE_INFINITY, ChangeType.PERCENT, 50)));
        var span = Snapshots.span(60, 1, 0, 1100, 0);

        Decision d = policy(percentOnly).decide(Snapshots.burst(span, span, T0), Snapshots.tasks(1, 0), T0).decision();

        assertThat(d.to()).isEqualTo(2); // +50 % of 1 = 0.5, rounded up to one task as AWS does
    }

    @Test
    void aLargerBreachNeverAsksForLessThanAStepBelowIt() {
        // at 0 tasks a percent is nothing: "+2 below 100, +141 % above" would start 2 tasks for a
        // breach of 66 and none for one of 101 (a property test's draw)
        StepSettings steps = new StepSettings(StepMetric.P95, 105, List.of(
                new Step(0, 100, ChangeType.COUNT, 2),
                new Step(100, Double.POSITIVE_INFINITY, ChangeType.PERCENT, 141)));
        var span = Snapshots.span(60, 1, 0, 206, 0);

        Decision d = policy(steps).decide(Snapshots.burst(span, span, T0), Snapshots.tasks(4, 0), T0).decision();

        assertThat(d.to()).isEqualTo(9); // +141 % of 4 = 5.64 → +5: more than the step below's +2
        Decision none = policy(steps).decide(Snapshots.burst(span, span, T0), Snapshots.tasks(1, 0), T0).decision();
        assertThat(none.to()).isEqualTo(3); // +141 % of 1 = +1 < +2: the step below's +2
        assertThat(none.message()).contains("[0..100): +2", "a larger breach never asks for less");
    }

    @Test
    void theMessageNamesTheBreachAndTheStep() {
        var span = Snapshots.span(60, 1, 0, 620, 0);

        Decision d = policy(STEPS).decide(Snapshots.burst(span, span, T0), Snapshots.tasks(4), T0).decision();

        assertThat(d.message()).isEqualTo("step: p95 620 − threshold 500 = breach 120 in [0..200): +1 → 5 tasks (from 4)");
    }

    @ParameterizedTest(name = "{0} per task on {1} ready tasks")
    @CsvSource({
            // per-task metrics are per ready task: 900 req/s on 3 tasks is 300 per task, breach 200 → +3
            "RPS,         900, 3, 6",
            "CONCURRENCY, 900, 3, 6",
    })
    void perTaskMetricsDivideByTheReadyTasks(StepMetric metric, double total, int running, int to) {
        StepSettings steps = new StepSettings(metric, 100, List.of(new Step(200, 300, ChangeType.COUNT, 3)));
        var span = Snapshots.span(60, total, total, 100, 0);

        Decision d = policy(steps).decide(Snapshots.burst(span, span, T0), Snapshots.tasks(running), T0).decision();

        assertThat(d.to()).isEqualTo(to);
    }

    @Test
    void overlappingStepsAreRefused() {
        assertThatThrownBy(() -> new StepSettings(StepMetric.P95, 0, List.of(
                new Step(0, 200, ChangeType.COUNT, 1), new Step(100, 300, ChangeType.COUNT, 2))))
                .hasMessageStartingWith("steps must not overlap");
    }
}
