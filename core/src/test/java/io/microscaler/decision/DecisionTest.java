package io.microscaler.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionTest {

    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");
    private static final List<Recommendation> OTHERS = List.of(
            new Recommendation("target-tracking", 3, Reason.TARGET_TRACKING, "rps 300.0 … → 3 tasks"),
            new Recommendation("demand", 7, Reason.DEMAND, "demand: queue depth 2100 … → 7 tasks"));

    @Test
    void theNineArgumentFormHasNoRecommendations() {
        Decision d = new Decision("s", T, 0, 1, 5, "target-tracking", Reason.TARGET_TRACKING, "m", Map.of());

        assertThat(d.recommendations()).isEmpty();
    }

    @Test
    void numberingKeepsEverythingElse() {
        Decision d = new Decision("s", T, 0, 3, 7, "demand", Reason.DEMAND, "m", Map.of("tasks", 3.0), OTHERS);

        Decision numbered = d.withSeq(42);

        assertThat(numbered.seq()).isEqualTo(42);
        assertThat(numbered).isEqualTo(new Decision("s", T, 42, 3, 7, "demand", Reason.DEMAND, "m",
                Map.of("tasks", 3.0), OTHERS));
    }

    @Test
    void aHoldChangesNothing() {
        Decision d = Decision.hold("s", T, 4, "service-policy", Reason.INSUFFICIENT_DATA, "no events for 20 s");

        assertThat(d.changesCount()).isFalse();
        assertThat(d.from()).isEqualTo(4);
        assertThat(d.to()).isEqualTo(4);
        assertThat(d.recommendations()).isEmpty();
    }

    @Test
    void aRecommendationHasACountOfAtLeastZero() {
        assertThatThrownBy(() -> new Recommendation("step", -1, Reason.STEP, "m"))
                .hasMessage("count must be >= 0, but was -1");
    }
}
