package io.microscaler.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microscaler.config.ConfigException;
import io.microscaler.decision.Reason;
import io.microscaler.policy.ServicePolicySettings;
import io.microscaler.policy.TargetMetric;
import io.microscaler.replay.model.ServiceModel;
import io.microscaler.replay.model.Simulation;
import io.microscaler.replay.model.Timeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MicroscalerAutoscalerTest {

    private static final ServiceModel MODEL = ServiceModel.DEFAULTS;

    @Test
    void theReplayDerivesTargetLatencyAndBoundsAndKeepsEveryOtherDefault() {
        ServicePolicySettings s = MicroscalerAutoscaler.forModel(MODEL.withBounds(2, 12), 300, null).policy().settings();
        assertThat(s.metric()).isEqualTo(TargetMetric.CONCURRENCY);
        assertThat(s.targetPerTask()).isEqualTo(2.8);               // 70 % of 4 slots
        assertThat(s.latencyTargetMs().getAsDouble()).isEqualTo(300); // the SLO
        assertThat(s.minTasks()).isEqualTo(2);
        assertThat(s.maxTasks()).isEqualTo(12);
        // the project's defaults
        assertThat(s.tolerance()).isEqualTo(0.1);
        assertThat(s.panic().enabled()).isTrue();
        assertThat(s.panic().threshold()).isEqualTo(2);
        assertThat(s.scaleDown().stabilisation()).isEqualTo(Duration.ofSeconds(300));
        assertThat(s.scaleUp().limits()).isEmpty();
        assertThat(s.errorGuard().getAsDouble()).isEqualTo(0.1);
    }

    @Test
    void aConfigFilesServiceKeysWinOverTheDerivedValues(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("mine.yaml"),
                "services:\n  replay:\n    latencyTarget: none\n    scaleDownStabilisation: 60s\n");
        ServicePolicySettings s = MicroscalerAutoscaler.forModel(MODEL, 250, file).policy().settings();
        assertThat(s.latencyTargetMs()).isEmpty();
        assertThat(s.scaleDown().stabilisation()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.targetPerTask()).isEqualTo(2.8); // still derived
    }

    @Test
    void aBadValueInTheConfigFileIsAConfigurationErrorNamingTheKey(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), "services:\n  replay:\n    tolerance: lots\n");
        assertThatThrownBy(() -> MicroscalerAutoscaler.forModel(MODEL, 250, file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("services.replay.tolerance")
                .hasMessageContaining("lots");
    }

    @Test
    void theRealPolicyScalesOutForASustainedLoadAndMeetsTheSloOnceScaled() {
        // 200 req/s needs ceil(200 / 70) = 3 tasks by the shared rule; it starts on 1 (capacity 100/s)
        int[] load = new int[240];
        Arrays.fill(load, 200);
        MicroscalerAutoscaler policy = MicroscalerAutoscaler.forModel(MODEL, 250, null);
        Timeline t = new Simulation(MODEL, load, policy, 1, 1).run();
        int firstScaleOut = -1;
        for (int s = 0; s < load.length && firstScaleOut < 0; s++) {
            if (t.desired(s) > 1) {
                firstScaleOut = s;
            }
        }
        assertThat(firstScaleOut).isBetween(1, 5); // the window needs a whole second, then panic acts
        // the first whole second holds part of the load's completions (96 of 200): 2 tasks at once, the
        // third a second later, once the offered rate shows; all 3 serve a start delay after that
        assertThat(t.running(firstScaleOut + MODEL.startDelaySeconds() + 1)).isGreaterThanOrEqualTo(3);
        for (int s = 120; s < load.length; s++) {
            assertThat(t.p95Ms(s)).as("p95 at %d s", s).isLessThanOrEqualTo(250f);
            assertThat(t.running(s)).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void silenceIsNotMissingDataThanksToTheServersHeartbeats() {
        MicroscalerAutoscaler policy = MicroscalerAutoscaler.forModel(MODEL, 250, null);
        Timeline t = new Simulation(MODEL, new int[120], policy, 2, 1).run();
        // No requests for two minutes: a known zero load, not stale data (which would hold at 2,
        // never scaling in on silence); nothing higher was ever recommended, so it goes to the minimum
        assertThat(policy.lastDecision().reason()).isNotEqualTo(Reason.INSUFFICIENT_DATA);
        assertThat(t.desired(119)).isEqualTo(1);
    }
}
