package io.microscaler.policy;

import static io.microscaler.policy.Snapshots.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.decision.Decision;
import io.microscaler.window.DemandKind;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DemandScalingTest {

    @ParameterizedTest(name = "{0} {1}, {2}/s per task, drain {3} s, rps {4} → {5} by {6}")
    @CsvSource(nullValues = "-", value = {
            // kind          value  tput drain rps  to  winner
            // microscaler demand: tasks = ceil(queue depth ÷ (per-task throughput × drain time))
            "QUEUE_DEPTH,    1200,  5,   60,   0,   4, demand",          // 1200 / 300 = 4
            "QUEUE_DEPTH,    1201,  5,   60,   0,   5, demand",
            "QUEUE_DEPTH,    0,     5,   60,   0,   1, target-tracking", // empty queue: min 1 from the bounds
            // Force12: desired tasks as given
            "DESIRED_TASKS,  7,     1,   60,   0,   7, demand",
            "DESIRED_TASKS,  6.2,   1,   60,   0,   7, demand",          // rounded up
            // combined with request-based policies by taking the maximum
            "QUEUE_DEPTH,    1200,  5,   60,   900, 9, target-tracking",
            // no fresh signal: no recommendation
            "-,              0,     5,   60,   300, 3, target-tracking",
    })
    void tasksFromDemand(DemandKind kind, double value, double throughput, long drain, double rps, int to, String winner) {
        DemandKind configured = kind == null ? DemandKind.QUEUE_DEPTH : kind;
        ServicePolicy p = new ServicePolicy(ServicePolicySettings.targetTracking(TargetMetric.RPS, 100, 1, 20)
                .withDemand(new DemandSettings(configured, throughput, Duration.ofSeconds(drain)))
                .withBehaviour(ScalingRules.NONE, ScalingRules.NONE));
        var window = Snapshots.ok(rps, 0, T0);
        if (kind != null) {
            window = Snapshots.withDemand(window, kind, value);
        }

        Decision d = p.decide(window, Snapshots.tasks(2), T0).decision();

        assertThat(d.to()).isEqualTo(to);
        assertThat(d.policy()).isEqualTo(winner);
    }
}
