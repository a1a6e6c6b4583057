package io.microscaler.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpikeReactionTest {

    private static DemoSample sample(double t, double p95, int desired, int running, int healthy) {
        return new DemoSample(t, 100, 100, p95, desired, running, healthy, "-", p95);
    }

    @Test
    void recoveryReadsEachSecondsOwnP95NotTheProgressLinesSeveralSeconds() {
        List<DemoSample> samples = new ArrayList<>();
        for (int t = 31; t <= 45; t++) {
            double second = t < 38 ? 900 : 60;       // the queue is gone from second 38 on
            double window = t < 43 ? 900 : 60;       // a 5 s window remembers it until 43
            samples.add(new DemoSample(t, 400, 400, window, 7, 7, 7, "-", second));
        }
        var figures = SpikeReaction.measure(30, List.of(new SpikeReaction.ScaleOut(31, 2, 7)), samples, 250);

        assertThat(figures.toLatencyRecovered().getAsDouble()).isEqualTo(8);
    }

    @Test
    void measuresEachStageFromTheSpikeStart() {
        List<DemoSample> samples = new ArrayList<>();
        samples.add(sample(29, 80, 2, 2, 2));
        samples.add(sample(31, 400, 2, 2, 2));
        samples.add(sample(33, 600, 7, 2, 2));
        samples.add(sample(36, 500, 7, 7, 4));   // running reaches 7 at +6
        samples.add(sample(38, 240, 7, 7, 7));   // healthy at +8
        samples.add(sample(39, 150, 7, 7, 7));   // under 200 from +9 ...
        samples.add(sample(40, 210, 7, 7, 7));   // ... broken
        samples.add(sample(41, 120, 7, 7, 7));   // under from +11
        samples.add(sample(42, 110, 7, 7, 7));
        samples.add(sample(43, 100, 7, 7, 7));
        var figures = SpikeReaction.measure(30, List.of(new SpikeReaction.ScaleOut(32.5, 2, 7)), samples, 200);

        assertThat(figures.toDecision().getAsDouble()).isEqualTo(2.5);
        assertThat(figures.toRunning().getAsDouble()).isEqualTo(6);
        assertThat(figures.toHealthy().getAsDouble()).isEqualTo(8);
        assertThat(figures.toLatencyRecovered().getAsDouble()).as("3 samples in a row under target").isEqualTo(11);
        assertThat(figures.describe(200)).contains("decision +2.5 s (to 7 tasks)").contains("healthy +8.0 s")
                .endsWith("(start delay, decision to healthy: 5.5 s)");
    }

    @Test
    void scaleOutsBeforeTheSpikeOrScaleInsDoNotCount() {
        var figures = SpikeReaction.measure(30, List.of(new SpikeReaction.ScaleOut(10, 1, 2),
                new SpikeReaction.ScaleOut(35, 5, 3)), List.of(sample(40, 100, 3, 3, 3)), 200);
        assertThat(figures.toDecision()).isEmpty();
        assertThat(figures.describe(200)).contains("decision +n/a s");
    }

    @Test
    void stagesNotReachedInTheRunAreEmpty() {
        var figures = SpikeReaction.measure(30, List.of(new SpikeReaction.ScaleOut(31, 2, 9)),
                List.of(sample(32, 900, 9, 4, 3), sample(33, 800, 9, 8, 4)), 200);
        assertThat(figures.toDecision().getAsDouble()).isEqualTo(1);
        assertThat(figures.toRunning()).isEmpty();
        assertThat(figures.toHealthy()).isEmpty();
        assertThat(figures.toLatencyRecovered()).isEmpty();
    }
}
