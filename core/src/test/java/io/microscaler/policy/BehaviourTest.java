package io.microscaler.policy;

import static io.microscaler.policy.Snapshots.T0;
import static io.microscaler.policy.Snapshots.tasks;
import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import io.microscaler.policy.PolicyMemory.Scaling;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The behaviour steps inside the pipeline: guards, cooldowns, rate limits and their reasons. */
class BehaviourTest {

    static ServicePolicySettings base() {
        return ServicePolicySettings.targetTracking(TargetMetric.RPS, 100, 1, 20)
                .withBehaviour(ScalingRules.NONE, ScalingRules.NONE);
    }

    static ServiceState after(int current, Scaling... scalings) {
        return tasks(current).withMemory(new PolicyMemory(List.of(), List.of(scalings), null));
    }

    @ParameterizedTest(name = "error ratio {0}, guard 0.05, rps {1} on {2} tasks → {3} ({4})")
    @CsvSource({
            // microscaler error guard: no scale-in while the stable error ratio is above the guard
            "0.10,  200,  5,  5, ERROR_GUARD",
            "0.05,  200,  5,  2, TARGET_TRACKING", // at the guard: not above it
            "0.00,  200,  5,  2, TARGET_TRACKING",
            // scale-out is still allowed: errors may be the overload itself
            "0.10,  900,  5,  9, TARGET_TRACKING",
    })
    void theErrorGuardRefusesScaleInOnly(double errorRatio, double rps, int current, int to, Reason reason) {
        var span = Snapshots.span(60, rps, 0, 100, errorRatio);

        Decision d = new ServicePolicy(base().withErrorGuard(0.05))
                .decide(Snapshots.burst(span, span, T0), tasks(current), T0).decision();

        assertThat(d.to()).isEqualTo(to);
        assertThat(d.reason()).isEqualTo(reason);
    }

    @ParameterizedTest(name = "limits {0}, select {1}: rps {2} on {3} tasks → {4} ({5})")
    @CsvSource({
            // HPA v2: scale-up limited by the policies (ScaleUpLimit)
            "'4 tasks per 15',              MAX,      1500, 5,  9, SCALE_UP_LIMIT",
            "'4 tasks per 15, 100% per 15', MAX,      1500, 5, 10, SCALE_UP_LIMIT",
            "'4 tasks per 15, 100% per 15', MIN,      1500, 5,  9, SCALE_UP_LIMIT",
            "'4 tasks per 15',              DISABLED, 1500, 5,  5, SCALE_UP_LIMIT",
            "'4 tasks per 15',              MAX,       700, 5,  7, TARGET_TRACKING", // within the limit
    })
    void scaleUpRateLimits(String limits, SelectPolicy select, double rps, int current, int to, Reason reason) {
        ScalingRules up = new ScalingRules(Duration.ZERO, RateLimitsTest.limits(limits), select, Duration.ZERO);

        Decision d = new ServicePolicy(base().withBehaviour(up, ScalingRules.NONE))
                .decide(Snapshots.ok(rps, 0, T0), tasks(current), T0).decision();

        assertThat(d.to()).isEqualTo(to);
        assertThat(d.reason()).isEqualTo(reason);
    }

    @Test
    void scaleDownRateLimitCountsWhatThePeriodAlreadyRemoved() {
        // HPA v2: the period's start count is the current count plus what was removed within it
        ScalingRules down = new ScalingRules(Duration.ZERO, RateLimitsTest.limits("2 tasks per 60"), SelectPolicy.MAX,
                Duration.ZERO);
        ServicePolicy p = new ServicePolicy(base().withBehaviour(ScalingRules.NONE, down));

        Decision d = p.decide(Snapshots.ok(100, 0, T0), after(9, new Scaling(T0.minusSeconds(30), 10, 9)), T0).decision();

        assertThat(d.to()).isEqualTo(8);
        assertThat(d.reason()).isEqualTo(Reason.SCALE_DOWN_LIMIT);
        assertThat(d.message()).endsWith("; limited to 8 by 2 tasks per 60 s (from 9)");
    }

    @ParameterizedTest(name = "last scaling {0} {1} s ago, rps {2} on 5 → {3} ({4})")
    @CsvSource({
            // AWS cooldowns: 60 s up, 120 s down
            "2, 5, 30,   900, 5, COOLDOWN",
            "2, 5, 60,   900, 9, TARGET_TRACKING",
            "8, 5, 60,   100, 5, COOLDOWN",        // scale-in waits 120 s after any scaling
            "2, 5, 90,   100, 5, COOLDOWN",
            "2, 5, 120,  100, 1, TARGET_TRACKING",
            "8, 5, 30,   900, 9, TARGET_TRACKING", // a scale-in does not start the scale-up cooldown
    })
    void cooldownsHoldAChangeThatComesTooSoon(int from, int to, long ago, double rps, int decided, Reason reason) {
        ScalingRules up = ScalingRules.NONE.withCooldown(Duration.ofSeconds(60));
        ScalingRules down = ScalingRules.NONE.withCooldown(Duration.ofSeconds(120));

        Decision d = new ServicePolicy(base().withBehaviour(up, down))
                .decide(Snapshots.ok(rps, 0, T0), after(5, new Scaling(T0.minusSeconds(ago), from, to)), T0).decision();

        assertThat(d.to()).isEqualTo(decided);
        assertThat(d.reason()).isEqualTo(reason);
    }

    @Test
    void scaleUpStabilisationTakesTheLowestRecommendation() {
        // HPA v2: with a scale-up window, a spike must last the window before it scales out fully
        ScalingRules up = ScalingRules.NONE.withStabilisation(Duration.ofSeconds(60));
        ServicePolicy p = new ServicePolicy(base().withBehaviour(up, ScalingRules.NONE));
        ServiceState state = tasks(3).withMemory(new PolicyMemory(
                List.of(new PolicyMemory.Recommended(T0.minusSeconds(30), 4)), List.of(), null));

        Decision d = p.decide(Snapshots.ok(900, 0, T0), state, T0).decision();

        assertThat(d.to()).isEqualTo(4);
        assertThat(d.reason()).isEqualTo(Reason.SCALE_UP_STABILISED);
    }

    @Test
    void aChangeIsRememberedForTheLimitsAndCooldowns() {
        ScalingRules up = ScalingRules.NONE.withCooldown(Duration.ofSeconds(60));
        Evaluation e = new ServicePolicy(base().withBehaviour(up, ScalingRules.NONE))
                .decide(Snapshots.ok(900, 0, T0), tasks(5), T0);

        assertThat(e.next().scalings()).containsExactly(new Scaling(T0, 5, 9));
    }
}
