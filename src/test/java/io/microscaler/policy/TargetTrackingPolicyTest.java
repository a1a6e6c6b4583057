package io.microscaler.policy;

import static io.microscaler.policy.Snapshots.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import io.microscaler.policy.PolicyMemory.Recommendation;
import io.microscaler.window.WindowState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The whole policy: the steps together, with the reason of the last step that shaped the count. */
class TargetTrackingPolicyTest {

    private static TargetTrackingPolicy policy(TargetMetric metric, double target, double tolerance,
                                               int min, int max, long stabilisationSeconds) {
        return new TargetTrackingPolicy(new TargetTrackingSettings(
                metric, target, tolerance, min, max, Duration.ofSeconds(stabilisationSeconds)));
    }

    private static ServiceState running(int tasks) {
        return ServiceState.initial("iiif").withCapacity(new Capacity(tasks, tasks, 0));
    }

    @ParameterizedTest(name = "{0} rps on {1} tasks, bounds [{2}, {3}] → {4} ({5})")
    @CsvSource({
            // rps  tasks min max  to  reason            (target 100 per task, tolerance 0.1)
            "500,    4,   1, 20,   5, TARGET_TRACKING",  // 5.00 → 5
            "500,    0,   0, 20,   5, TARGET_TRACKING",  // from nothing
            "512,    4,   1, 20,   6, TARGET_TRACKING",  // 5.12 → 6
            "200,    2,   1, 20,   2, WITHIN_TOLERANCE", // ratio 1.00
            "200,    3,   1, 20,   2, TARGET_TRACKING",  // ratio 0.67: in, nothing remembered to hold for
            "550,    5,   1, 20,   5, WITHIN_TOLERANCE", // ratio 1.10: boundary, inclusive
            "551,    5,   1, 20,   6, TARGET_TRACKING",  // ratio 1.102
            "450,    5,   1, 20,   5, WITHIN_TOLERANCE", // ratio 0.90
            "399,    5,   1, 20,   4, TARGET_TRACKING",  // 3.99 → 4
            "1240,   8,   1, 10,  10, BOUNDED_BY_MAX",   // 12.4 → 13, capped
            "0,      3,   2, 10,   2, BOUNDED_BY_MIN",   // idle: down to the minimum
            "0,      0,   0, 10,   0, TARGET_TRACKING",  // scale to zero allowed
            "1200,  12,   1, 10,  10, BOUNDED_BY_MAX",   // within tolerance but above max
    })
    void rpsTargetTracking(double rps, int tasks, int min, int max, int to, Reason reason) {
        Decision d = policy(TargetMetric.RPS, 100, 0.1, min, max, 300)
                .decide(Snapshots.ok(rps, 0, T0), running(tasks), T0).decision();

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
            "41.2, 4, 0.1,  4, WITHIN_TOLERANCE", // 41.2 / (4 × 10) = 1.03
            "41.2, 4, 0.01, 5, TARGET_TRACKING",  // 4.12 → 5
            "20.0, 4, 0.1,  2, TARGET_TRACKING",  // ratio 0.5
    })
    void concurrencyTargetTracking(double concurrency, int tasks, double tolerance, int to, Reason reason) {
        Decision d = policy(TargetMetric.CONCURRENCY, 10, tolerance, 1, 20, 300)
                .decide(Snapshots.ok(999, concurrency, T0), running(tasks), T0).decision();

        assertThat(d.to()).isEqualTo(to);
        assertThat(d.reason()).isEqualTo(reason);
    }

    @ParameterizedTest(name = "{0} → \"{5}\"")
    @CsvSource(delimiter = '|', value = {
            "RPS         | 512  | 4 | 0.1  | 1 | rps 512.0 over 60 s stable window / target 100.0 per task = 5.12 → 6 tasks (from 4)",
            "CONCURRENCY | 41.2 | 4 | 0.01 | 1 | concurrency 41.2 over 60 s stable window / target 10.0 per task = 4.12 → 5 tasks (from 4)",
            "RPS         | 510  | 5 | 0.1  | 1 | rps 510.0 over 60 s stable window / target 100.0 per task = 5.10, ratio 1.020 to 5 tasks within tolerance 0.10: holding at 5",
            "RPS         | 30   | 3 | 0.1  | 2 | rps 30.0 over 60 s stable window / target 100.0 per task = 0.30 → 1 task, raised to min 2 (from 3)",
            "RPS         | 1240 | 8 | 0.1  | 1 | rps 1240.0 over 60 s stable window / target 100.0 per task = 12.40 → 13 tasks, capped at max 10 (from 8)",
    })
    void theMessageNamesTheFigures(TargetMetric metric, double total, int tasks, double tolerance, int min,
                                   String message) {
        double target = metric == TargetMetric.RPS ? 100 : 10;
        Decision d = policy(metric, target, tolerance, min, 10, 300)
                .decide(Snapshots.ok(total, total, T0), running(tasks), T0).decision();

        assertThat(d.message()).isEqualTo(message);
    }

    @Test
    void theInputsCarryTheNumbers() {
        Decision d = policy(TargetMetric.RPS, 100, 0.1, 1, 20, 300)
                .decide(Snapshots.ok(512, 3, T0), running(4), T0).decision();

        assertThat(d.inputs()).containsOnly(
                entry("rps", 512.0), entry("spanSeconds", 60.0), entry("target", 100.0), entry("tasks", 4.0),
                entry("desired", 5.12), entry("ratio", 1.28), entry("recommended", 6.0),
                entry("p95Ms", 120.0), entry("errorRatio", 0.01));
    }

    @Test
    void aScaleInIsHeldForTheStabilisationWindowThenReleasedExactlyAfterIt() {
        TargetTrackingPolicy policy = policy(TargetMetric.RPS, 100, 0.1, 1, 20, 300);
        // T0: 500 req/s on 5 tasks (within tolerance, recommendation 5); from T0 + 1 s, 150 req/s
        ServiceState state = running(5);
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
        // at T0 + 300 s the recommendation of 5 is 300 s old: out of the window
        assertThat(last.to()).isEqualTo(2);
        assertThat(last.reason()).isEqualTo(Reason.TARGET_TRACKING);
        // the memory holds the 2s of (T0, T0 + 300]: 300 of them, nothing older
        assertThat(state.memory().recommendations()).hasSize(300)
                .allSatisfy(r -> assertThat(r.count()).isEqualTo(2));
    }

    @Test
    void theStabilisedMessageNamesTheRecommendationAndTheHeldCount() {
        ServiceState state = running(5).withMemory(new PolicyMemory(List.of(new Recommendation(T0, 5))));

        Decision d = policy(TargetMetric.RPS, 100, 0.1, 1, 20, 300)
                .decide(Snapshots.ok(150, 0, T0.plusSeconds(60)), state, T0.plusSeconds(60)).decision();

        assertThat(d.to()).isEqualTo(5);
        assertThat(d.message()).isEqualTo("rps 150.0 over 60 s stable window / target 100.0 per task = 1.50;"
                + " recommended 2 but held at 5: highest recommendation in the 300 s scale-down stabilisation window");
        assertThat(d.inputs()).contains(entry("recommended", 2.0));
    }

    @Test
    void scaleUpIsImmediateWhateverWasRecommendedBefore() {
        ServiceState state = running(2).withMemory(new PolicyMemory(List.of(new Recommendation(T0, 2))));

        Decision d = policy(TargetMetric.RPS, 100, 0.1, 1, 20, 300)
                .decide(Snapshots.ok(900, 0, T0.plusSeconds(1)), state, T0.plusSeconds(1)).decision();

        assertThat(d.to()).isEqualTo(9);
        assertThat(d.reason()).isEqualTo(Reason.TARGET_TRACKING);
    }

    @ParameterizedTest(name = "window {0}, capacity known {1} → hold {2}")
    @CsvSource({
            "WARMING, true,  WARMING",
            "UNKNOWN, true,  INSUFFICIENT_DATA",
            "OK,      false, CAPACITY_UNKNOWN",
    })
    void holdsWithoutTouchingTheMemory(WindowState windowState, boolean capacityKnown, Reason reason) {
        PolicyMemory memory = new PolicyMemory(List.of(new Recommendation(T0, 7)));
        ServiceState state = ServiceState.initial("iiif").withMemory(memory);
        if (capacityKnown) {
            state = state.withCapacity(new Capacity(7, 7, 0));
        }

        // idle for the policy's purposes: were it to decide, it would go to the minimum
        Evaluation e = policy(TargetMetric.RPS, 100, 0.1, 1, 20, 0)
                .decide(Snapshots.window(windowState, 0, 0, T0.plusSeconds(30)), state, T0.plusSeconds(30));

        assertThat(e.decision().reason()).isEqualTo(reason);
        assertThat(e.decision().changesCount()).isFalse();
        assertThat(e.next()).isSameAs(memory);
    }

    @Test
    void theSameInputsGiveTheSameEvaluation() {
        TargetTrackingPolicy policy = policy(TargetMetric.RPS, 100, 0.1, 1, 20, 300);
        ServiceState state = running(5).withMemory(new PolicyMemory(List.of(new Recommendation(T0, 5))));

        Evaluation a = policy.decide(Snapshots.ok(150, 0, T0.plusSeconds(5)), state, T0.plusSeconds(5));
        Evaluation b = policy.decide(Snapshots.ok(150, 0, T0.plusSeconds(5)), state, T0.plusSeconds(5));

        assertThat(a).isEqualTo(b);
        assertThat(state.memory().recommendations()).hasSize(1); // the input was not changed
        assertThat(a.next().recommendations()).hasSize(2);
    }
}
