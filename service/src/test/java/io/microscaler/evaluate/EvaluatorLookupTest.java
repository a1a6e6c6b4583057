package io.microscaler.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.decision.Decision;
import io.microscaler.policy.Capacity;
import io.microscaler.policy.ScalingPolicy;
import io.microscaler.policy.ServicePolicy;
import io.microscaler.policy.ServicePolicySettings;
import io.microscaler.policy.TargetMetric;
import io.microscaler.window.WindowSettings;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A service remembers the policy and bounds the evaluator found for it, so that a tick does not look
 * them up by name again; an evaluator with other maps (a new configuration) finds its own.
 */
class EvaluatorLookupTest {

    private static final Instant NOW = Instant.parse("2026-12-07T09:30:00Z");

    @Test
    void eachEvaluatorDecidesWithItsOwnPolicyAndBounds() {
        ServiceEvaluator loose = evaluator(1, 20, new ServiceEvaluator.Bounds(1, 20));
        ServiceEvaluator pinnedHigh = evaluator(7, 20, new ServiceEvaluator.Bounds(7, 20));
        ServiceEvaluator none = new ServiceEvaluator(Map.of());
        OwnedService shop = new OwnedServices(WindowSettings.DEFAULTS, partition -> true)
                .getOrCreate("shop", "requests-0", NOW.minusSeconds(120));
        shop.state(shop.state().withCapacity(new Capacity(2, 2, 0)));

        for (int i = 0; i < 3; i++) { // back and forth: a remembered lookup must not outlive its evaluator
            Instant now = NOW.plusSeconds(i);
            loose.evaluate(shop, now);
            assertThat(shop.lastEvaluation().to()).as("min 1 leaves 2 tasks as they are").isEqualTo(2);
            Decision raised = pinnedHigh.evaluate(shop, now.plusMillis(500));
            assertThat(shop.lastEvaluation().to()).as("min 7 raises the count").isEqualTo(7);
            assertThat(raised == null || raised.to() == 7).isTrue();
            shop.state(shop.state().withCapacity(new Capacity(2, 2, 0)));
            assertThat(none.evaluate(shop, now.plusMillis(700))).as("no policy for the service").isNull();
        }
    }

    private static ServiceEvaluator evaluator(int min, int max, ServiceEvaluator.Bounds bounds) {
        ScalingPolicy policy = new ServicePolicy(ServicePolicySettings.targetTracking(TargetMetric.RPS, 100, min, max));
        return new ServiceEvaluator(Map.of("shop", policy), service -> java.util.Optional.empty(), Map.of("shop", bounds));
    }
}
