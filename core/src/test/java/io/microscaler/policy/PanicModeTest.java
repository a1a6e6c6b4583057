package io.microscaler.policy;

import static io.microscaler.policy.Snapshots.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import io.microscaler.policy.PolicyMemory.Panic;
import io.microscaler.window.WindowSnapshot;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Knative KPA's stable and panic windows, with a 60 s stable window and a 6 s panic window. */
class PanicModeTest {

    private static final Duration STABLE = Duration.ofSeconds(60);

    static ServicePolicy policy() {
        return new ServicePolicy(ServicePolicySettings.targetTracking(TargetMetric.CONCURRENCY, 10, 1, 50)
                .withPanic(new PanicSettings(true, 2, STABLE))
                .withBehaviour(ScalingRules.NONE, ScalingRules.NONE)); // no stabilisation: panic alone
    }

    /** Stable concurrency {@code stable}, panic (6 s) concurrency {@code panic}. */
    static WindowSnapshot window(double stable, double panic, Instant at) {
        return Snapshots.burst(Snapshots.span(60, 100, stable, 100, 0), Snapshots.span(6, 100, panic, 100, 0), at);
    }

    @ParameterizedTest(name = "stable {0}, panic {1} on {2} ready tasks → {3} ({4}, panicking {5})")
    @CsvSource({
            // stable panic ready to  reason           panicking
            // Knative KPA: desired from the stable window normally
            "20,     30,    2,    2,  WITHIN_TOLERANCE, false", // panic 3 tasks' worth < 2 × 2
            "30,     30,    2,    3,  TARGET_TRACKING,  false",
            // Knative KPA: panic when the panic window's desired reaches 2 × the ready pods
            "20,     40,    2,    4,  PANIC,            true",  // 4.0 ≥ 4: the threshold is inclusive
            "20,     41.2,  2,    5,  PANIC,            true",  // the example
            "50,     41.2,  2,    5,  TARGET_TRACKING,  true",  // panicking, but the stable window is as high
            "60,     41.2,  2,    6,  TARGET_TRACKING,  true",  // panicking, and the stable window is higher
            "5,      25,    1,    3,  PANIC,            true",  // from 1 task: 2.5 ≥ 2 × 1
    })
    void panicsWhenThePanicWindowNeedsTwiceTheReadyTasks(double stable, double panic, int ready, int to, Reason reason,
                                                         boolean panicking) {
        Evaluation e = policy().decide(window(stable, panic, T0), Snapshots.tasks(ready), T0);

        assertThat(e.decision().to()).isEqualTo(to);
        assertThat(e.decision().reason()).isEqualTo(reason);
        assertThat(e.next().panic() != null).isEqualTo(panicking);
    }

    @ParameterizedTest(name = "panic {0}, newest 2 s at {1}/s on {2} ready → {3} ({4})")
    @CsvSource({
            // panic  newest ready to  reason
            // the 6 s span: 100/s at 412 ms (Little's law: 41.2 at work, 4.12 tasks ≥ 2 × 2 ready)
            "41.2,    NaN,   2,    5,  PANIC",             // no newest reading: the span alone
            "41.2,    100,   2,    5,  PANIC",             // the load is as the span says
            "41.2,    50,    2,    5,  PANIC",             // falling: never sized below the span
            // 300/s now: 41.2 + (300 − 100) × 0.412 = 123.6 at work → 13 tasks, not 5 now and more later
            "41.2,    300,   2,    13, PANIC",
            // the 6 s span alone would not panic (3 tasks' worth < 2 × 2 ready), but the newest two
            // seconds at 300/s need 30 + 200 × 0.3 = 90 at work, 9 tasks: the step has come, start now
            "30,      300,   2,    9,  PANIC",
            // two seconds averaging 130/s: 30 + 30 × 0.3 = 39, 3.9 tasks' worth < 4: no panic
            "30,      130,   2,    2,  WITHIN_TOLERANCE",
    })
    void itReadsTheLoadAtTheNewestSecondsWhereTheSpanLagsBehind(double panic, double newest, int ready,
                                                                      int to, Reason reason) {
        WindowSnapshot w = window(20, panic, T0);
        WindowSnapshot withNewest = new WindowSnapshot(w.service(), w.at(), w.state(), w.stable(), w.panic(),
                w.lastEventAt(), w.demand(), w.pipeline(), newest);

        Decision d = policy().decide(withNewest, Snapshots.tasks(ready), T0).decision();

        assertThat(d.to()).isEqualTo(to);
        assertThat(d.reason()).isEqualTo(reason);
        if (to == 13) {
            assertThat(d.message()).isEqualTo("panic: 6 s concurrency 41.2; at the newest 2 s' 300.0/s: 123.6"
                    + " ≥ 2 × target 10 × 2 tasks → 13 (from 2)");
        }
    }

    @Test
    void theMessageNamesThePanicFigures() {
        Decision d = policy().decide(window(20, 41.2, T0), Snapshots.tasks(2), T0).decision();

        assertThat(d.policy()).isEqualTo("panic");
        assertThat(d.message()).isEqualTo("panic: 6 s concurrency 41.2 ≥ 2 × target 10 × 2 tasks → 5 (from 2)");
    }

    @ParameterizedTest(name = "panicking since T0, condition last at {0} s; now {1} s, stable {2} → {3} ({4})")
    @CsvSource({
            // last  now  stable  to  reason       still panicking
            // Knative KPA: while panicking, never scale down
            "0,      30,  10,     5,  PANIC,       true",
            "0,      59,  10,     5,  PANIC,       true",
            // Knative KPA: leave panic after a stable window without the condition
            "0,      60,  10,     1,  TARGET_TRACKING, false",
            "30,     60,  10,     5,  PANIC,       true",  // the condition held again at 30 s: the clock restarts
            // while panicking, a higher stable recommendation still scales out
            "0,      30,  80,     8,  TARGET_TRACKING, true",
    })
    void panicNeverScalesInAndEndsAStableWindowAfterTheCondition(long last, long now, double stable, int to,
                                                                 Reason reason, boolean stillPanicking) {
        ServiceState state = Snapshots.tasks(5).withMemory(
                new PolicyMemory(java.util.List.of(), java.util.List.of(), new Panic(T0, T0.plusSeconds(last))));
        Instant at = T0.plusSeconds(now);

        Evaluation e = policy().decide(window(stable, 10, at), state, at);

        assertThat(e.decision().to()).isEqualTo(to);
        assertThat(e.decision().reason()).isEqualTo(reason);
        assertThat(e.next().panic() != null).isEqualTo(stillPanicking);
        if (stillPanicking) {
            assertThat(e.next().panic().since()).isEqualTo(T0);
        }
    }

    @Test
    void theConditionHoldingAgainMovesTheLastConditionTimeButNotTheStart() {
        ServiceState state = Snapshots.tasks(2).withMemory(
                new PolicyMemory(java.util.List.of(), java.util.List.of(), new Panic(T0, T0.plusSeconds(3))));
        Instant at = T0.plusSeconds(10);

        Evaluation e = policy().decide(window(20, 45, at), state, at);

        assertThat(e.next().panic()).isEqualTo(new Panic(T0, at));
    }

    @Test
    void disabledPanicNeverReadsThePanicWindow() {
        ServicePolicy off = new ServicePolicy(ServicePolicySettings.targetTracking(TargetMetric.CONCURRENCY, 10, 1, 50)
                .withBehaviour(ScalingRules.NONE, ScalingRules.NONE));

        Evaluation e = off.decide(window(20, 80, T0), Snapshots.tasks(2), T0);

        assertThat(e.decision().to()).isEqualTo(2);
        assertThat(e.next().panic()).isNull();
        assertThat(e.decision().recommendations()).hasSize(1);
    }

    @Test
    void whenStabilisationAlreadyHoldsTheCountItKeepsTheCredit() {
        // The reason is the last step that changed the count: the panic floor changes nothing here.
        ServicePolicy p = new ServicePolicy(ServicePolicySettings.targetTracking(TargetMetric.CONCURRENCY, 10, 1, 50)
                .withPanic(new PanicSettings(true, 2, STABLE)));
        ServiceState state = Snapshots.tasks(5).withMemory(new PolicyMemory(
                java.util.List.of(new PolicyMemory.Recommended(T0, 5)), java.util.List.of(), new Panic(T0, T0)));
        Instant at = T0.plusSeconds(10);

        Decision d = p.decide(window(10, 10, at), state, at).decision();

        assertThat(d.to()).isEqualTo(5);
        assertThat(d.reason()).isEqualTo(Reason.SCALE_DOWN_STABILISED);
    }
}
