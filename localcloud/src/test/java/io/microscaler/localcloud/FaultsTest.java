package io.microscaler.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultsTest {

    private final Faults faults = new Faults(42);

    @Test
    void theMostSpecificRuleApplies() {
        faults.set("*", 0, 0, 5);
        faults.set("ecs:*", 0.5, 0, 0);
        faults.set("ecs:RunTask", 1.0, 0, 0);
        assertThat(faults.ruleFor("ecs:RunTask").throttleRate()).isEqualTo(1.0);
        assertThat(faults.ruleFor("ecs:StopTask").throttleRate()).isEqualTo(0.5);
        assertThat(faults.ruleFor("elbv2:RegisterTargets").latency()).isEqualTo(Duration.ofMillis(5));
        faults.clearAll();
        assertThat(faults.ruleFor("ecs:RunTask")).isEqualTo(Faults.Rule.NONE);
    }

    @Test
    void ratesOfOneAndZeroAreCertain() {
        faults.set("ecs:RunTask", 1.0, 0, 0);
        faults.set("ecs:StopTask", 0, 1.0, 0);
        for (int i = 0; i < 100; i++) {
            assertThat(faults.decide("ecs:RunTask").fault()).isEqualTo(Faults.Fault.THROTTLE);
            assertThat(faults.decide("ecs:StopTask").fault()).isEqualTo(Faults.Fault.SERVER_ERROR);
            assertThat(faults.decide("ecs:ListTasks").fault()).isEqualTo(Faults.Fault.NONE);
        }
        assertThat(faults.throttled()).isEqualTo(100);
        assertThat(faults.serverErrors()).isEqualTo(100);
        assertThat(faults.injected()).isEqualTo(200);
    }

    @Test
    void aRateIsRoughlyHeldAndRepeatsWithTheSeed() {
        faults.set("*", 0.3, 0, 0);
        Faults again = new Faults(42);
        again.set("*", 0.3, 0, 0);
        for (int i = 0; i < 1000; i++) {
            assertThat(faults.decide("ecs:RunTask")).isEqualTo(again.decide("ecs:RunTask"));
        }
        assertThat(faults.throttled()).isBetween(250L, 350L);
    }

    @Test
    void rulesComeFromJsonAndBadOnesAreNamed() {
        faults.apply(new JsonArray().add(new JsonObject().put("operation", "ecs:*").put("throttleRate", 0.3)
                .put("serverErrorRate", 0.1).put("latencyMs", 20)));
        assertThat(faults.ruleFor("ecs:RunTask")).isEqualTo(new Faults.Rule(0.3, 0.1, Duration.ofMillis(20)));
        assertThat(faults.toJson().getJsonArray("rules")).hasSize(1);

        assertThatThrownBy(() -> faults.apply(new JsonObject().put("operation", "ecs:*").put("serverErrorRate", 1.5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serverErrorRate");
        assertThatThrownBy(() -> faults.apply(new JsonObject().put("operation", "RunTask")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("operation");
        assertThatThrownBy(() -> faults.apply(new JsonObject().put("operation", "ecs:*").put("latencyMs", "slow")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
