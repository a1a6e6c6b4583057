package io.microscaler.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoadProfileTest {

    /**
     * 100 requests a session make req/s and viewers/s easy to compare (80 req/s is 0.8 viewers/s);
     * a 20 s session means a steady 0.8 viewers/s keeps 16 in session.
     */
    private static final DeepZoomViewer.SessionShape PER_SESSION = new DeepZoomViewer.SessionShape(100, 20);

    private static LoadProfile.Plan plan(String... keyValues) {
        Map<String, String> p = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put(keyValues[i], keyValues[i + 1]);
        }
        return new LoadProfile(p).plan(PER_SESSION);
    }

    @Test
    void spikeIsTheBaseThenFiveTimesItThenTheBaseAgainWithItsPhases() {
        LoadProfile.Plan spike = plan("profile", "spike");
        assertThat(spike.steps()).containsExactly(
                // the 16 viewers 0.8/s keep in session, plus 5 s of their arrivals, come in the first 5 s
                new InjectionStep.Users(16 + 4, 5), new InjectionStep.Constant(0.8, 55),
                // the spike's flash crowd: 4 × 16 more in session, plus 5 s of 4.0/s
                new InjectionStep.Users(64 + 20, 5), new InjectionStep.Constant(4.0, 115),
                new InjectionStep.Constant(0.8, 90));
        assertThat(spike.phases()).containsExactly(new Phase("before", 0, 60), new Phase("spike", 60, 180),
                new Phase("after", 180, 270));
        assertThat(spike.injectionSeconds()).isEqualTo(270);
        assertThat(spike.maxDuration()).isEmpty();
        assertThat(spike.description()).isEqualTo("spike: 80 req/s, ×5 (400 req/s) from 60 s for 120 s, then 80 req/s for 90 s");
    }

    @Test
    void everyFigureOfAProfileCanBeOverridden() {
        LoadProfile.Plan spike = plan("profile", "spike", "rps", "50", "factor", "3", "warmup", "30s", "spikeDuration", "1m",
                "cooldown", "45");
        // 0.5 × (20 + 5) = 12.5 → 13; (1.5 − 0.5) × 20 + 1.5 × 5 = 27.5 → 28
        assertThat(spike.steps()).containsExactly(new InjectionStep.Users(13, 5), new InjectionStep.Constant(0.5, 25),
                new InjectionStep.Users(28, 5), new InjectionStep.Constant(1.5, 55), new InjectionStep.Constant(0.5, 45));
        assertThat(plan("profile", "steady", "rps", "200", "duration", "2m").steps())
                .containsExactly(new InjectionStep.Users(50, 5), new InjectionStep.Constant(2.0, 115));
        assertThat(plan("profile", "ramp", "rps", "10", "peakRps", "110", "duration", "100s", "hold", "0").steps())
                .containsExactly(new InjectionStep.Users(3, 5), new InjectionStep.Ramp(0.1, 1.1, 95));
        assertThat(plan("profile", "spike", "warmup", "3s").steps().subList(0, 2)).as("a phase shorter than the fill is all fill")
                .containsExactly(new InjectionStep.Users(18, 3), new InjectionStep.Users(84, 5));
        assertThat(plan("profile", "steady", "maxDuration", "90s").maxDuration()).hasValue(Duration.ofSeconds(90));
    }

    @Test
    void rampRisesThenHoldsThePeak() {
        LoadProfile.Plan ramp = plan("profile", "ramp");
        assertThat(ramp.steps()).containsExactly(new InjectionStep.Users(10, 5), new InjectionStep.Ramp(0.4, 4.0, 235),
                new InjectionStep.Constant(4.0, 60));
        assertThat(ramp.phases()).containsExactly(new Phase("ramp", 0, 240), new Phase("peak", 240, 300));
    }

    @Test
    void smokeIsLightShortAndStoppedAtSixtySecondsWhateverHappens() {
        LoadProfile smoke = new LoadProfile(Map.of("profile", "smoke"));
        LoadProfile.Plan plan = smoke.plan(PER_SESSION);
        assertThat(plan.steps()).containsExactly(new InjectionStep.Users(8, 5), new InjectionStep.Constant(0.3, 25));
        assertThat(plan.maxDuration()).hasValue(Duration.ofSeconds(60));
        assertThat(smoke.viewer()).isEqualTo(ViewerSettings.quick());
        assertThat(new LoadProfile(Map.of()).name()).as("the default profile").isEqualTo("smoke");
        assertThatThrownBy(() -> plan("profile", "smoke", "duration", "45s"))
                .hasMessageContaining("duration '45s': the smoke profile must stay short, expected at most 30 s");
    }

    @Test
    void aTraceBecomesExactViewerCountsPerSecondAfterItsWindowCompressionAndScale(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("trace.csv");
        // 8 seconds; the window skips the first 2; ×2 compression averages pairs; ×10 scale
        Files.write(file, List.of("second_offset,requests", "0,99", "1,99", "2,10", "3,30", "4,0", "5,0", "6,20", "7,20"));
        LoadProfile.Plan trace = plan("profile", "trace", "trace", file.toString(), "traceFrom", "2", "compress", "2",
                "scale", "10");
        // rates: (10+30)/2 × 10 = 200, 0, 200 req/s → 2, 0, 2 viewers in those seconds (a trace has no flash crowd added)
        assertThat(trace.steps()).containsExactly(new InjectionStep.Users(2, 1), new InjectionStep.Pause(1),
                new InjectionStep.Users(2, 1));
        assertThat(trace.phases()).containsExactly(new Phase("trace", 0, 3));
        assertThat(trace.description()).contains("3 s (compressed ×2)").contains("peak 200.0 req/s");
    }

    @Test
    void runsOfEqualViewerCountsMergeIntoOneStep() {
        assertThat(LoadProfile.steps(new int[] {0, 0, 3, 3, 3, 1})).containsExactly(new InjectionStep.Pause(2),
                new InjectionStep.Users(9, 3), new InjectionStep.Users(1, 1));
    }

    @Test
    void viewerKeysShapeTheSessions() {
        ViewerSettings v = new LoadProfile(Map.of("profile", "steady", "viewsMin", "2", "viewsMax", "4", "burstMax", "20",
                "thinkMin", "500ms", "thinkMax", "2s")).viewer();
        assertThat(v.viewsMin()).isEqualTo(2);
        assertThat(v.viewsMax()).isEqualTo(4);
        assertThat(v.burstMin()).isEqualTo(10);
        assertThat(v.burstMax()).isEqualTo(20);
        assertThat(v.thinkMin()).isEqualTo(Duration.ofMillis(500));
        assertThat(v.meanThink().toMillis()).isCloseTo(1250L, within(0L));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "profile|burst|profile 'burst': expected one of steady, ramp, spike, trace, smoke",
            "rps|fast|rps 'fast': expected a number > 0",
            "rps|0|rps '0': expected a number > 0",
            "warmup|soon|warmup 'soon': expected a duration such as 90s, 5m, 500ms or a number of seconds",
            "warmup|0s|warmup '0s': expected at least 1 s",
            "viewsMin|-1|viewsMin '-1': expected a whole number ≥ 0"})
    void aBadPropertyIsRefusedNamingKeyValueAndExpectation(String key, String value, String message) {
        Map<String, String> p = new HashMap<>(Map.of("profile", "spike"));
        p.put(key, value);
        assertThatThrownBy(() -> {
            LoadProfile profile = new LoadProfile(p);
            profile.viewer();
            profile.plan(PER_SESSION);
        }).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void theTraceProfileNeedsAFile() {
        assertThatThrownBy(() -> plan("profile", "trace")).hasMessageContaining("needs -Dtrace=FILE");
    }
}
