package io.microscaler.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microscaler.replay.score.Scores;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The frontier check: a baseline point is beaten only by a microscaler point no worse on both counts. */
class SweepTest {

    private static Sweep.Point point(String policy, double u, long violations, long taskSeconds) {
        return new Sweep.Point(policy, u, u == 0.7, new Scores(policy, violations, 0, taskSeconds, 1, 10, 0, 0, 100, 100));
    }

    @Test
    void aBaselinePointIsDominatedOnlyByAPointNoWorseOnBothCounts() {
        List<Sweep.Point> points = List.of(
                point("microscaler", 0.5, 10, 1_000), point("microscaler", 0.7, 20, 800), point("microscaler", 0.9, 60, 600),
                point("hpa", 0.5, 10, 1_000),   // equal on both: dominated (no worse)
                point("hpa", 0.7, 30, 790),     // cheaper than 800 and fewer violations than 60: not dominated
                point("hpa", 0.9, 100, 650),    // 0.9 of microscaler: 60 ≤ 100 and 600 ≤ 650
                point("knative", 0.7, 5, 2_000)); // fewer violations than any microscaler point

        List<Sweep.Comparison> c = Sweep.frontier(points);

        assertThat(c).extracting(x -> x.baseline().policy() + "@" + x.baseline().utilisation(), Sweep.Comparison::dominated)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("hpa@0.5", true),
                        org.assertj.core.groups.Tuple.tuple("hpa@0.7", false),
                        org.assertj.core.groups.Tuple.tuple("hpa@0.9", true),
                        org.assertj.core.groups.Tuple.tuple("knative@0.7", false));
        assertThat(c.get(2).dominatedBy().utilisation()).isEqualTo(0.9);
        assertThat(Sweep.frontierReport(c)).startsWith("frontier: 2 of 4 baseline points")
                .contains("not dominated: hpa at 70 %").contains("not dominated: knative at 70 %");
    }

    @Test
    void sweepIsAFlagWithDefaultPointsOrAListOfUtilisations() {
        assertThat(ReplayOptions.parse(List.of("--trace", "t.csv")).sweep()).isEmpty();
        assertThat(ReplayOptions.parse(List.of("--trace", "t.csv", "--sweep")).sweep()).isEqualTo(Sweep.DEFAULT_UTILISATIONS);
        assertThat(ReplayOptions.parse(List.of("--trace", "t.csv", "--sweep-points", "0.5, 0.8")).sweep())
                .containsExactly(0.5, 0.8);
        assertThatThrownBy(() -> ReplayOptions.parse(List.of("--trace", "t.csv", "--sweep-points", "0.5,1.2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--sweep-points").hasMessageContaining("(0, 1]");
    }
}
