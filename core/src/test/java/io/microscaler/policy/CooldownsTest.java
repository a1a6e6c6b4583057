package io.microscaler.policy;

import static io.microscaler.policy.Snapshots.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CooldownsTest {

    @ParameterizedTest(name = "scalings [{0}], cooldown {1} s: up blocked {2}, down blocked {3}")
    @CsvSource({
            // scalings        cooldown  up     down
            // AWS Application Auto Scaling: no further scale-out until the scale-out cooldown has passed
            "'2>4@-30',         60,      true,  true",
            "'2>4@-60',         60,      false, false", // exactly over
            // AWS: scale-in waits for its cooldown after any scaling (here: after a scale-in)
            "'6>4@-30',         60,      false, true",
            "'',                60,      false, false",
            "'2>4@-30',         0,       false, false", // 0 s: no cooldown
    })
    void blocksAChangeUntilTheCooldownHasPassed(String scalings, long cooldown, boolean upBlocked, boolean downBlocked) {
        var list = RateLimitsTest.scalings(scalings);
        Duration d = Duration.ofSeconds(cooldown);

        assertThat(Cooldowns.upUntil(list, d, T0) != null).isEqualTo(upBlocked);
        assertThat(Cooldowns.downUntil(list, d, T0) != null).isEqualTo(downBlocked);
    }
}
