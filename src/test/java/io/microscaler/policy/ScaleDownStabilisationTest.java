package io.microscaler.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.policy.PolicyMemory.Recommendation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScaleDownStabilisationTest {

    private static final Instant T0 = Instant.parse("2025-01-01T12:00:00Z");
    private static final Duration WINDOW = Duration.ofSeconds(300);

    /** History "5@0 3@60" = recommendations 5 at T0 and 3 at T0 + 60 s. */
    private static List<Recommendation> history(String spec) {
        List<Recommendation> list = new ArrayList<>();
        for (String entry : spec.isBlank() ? new String[0] : spec.trim().split("\\s+")) {
            String[] parts = entry.split("@");
            list.add(new Recommendation(T0.plusSeconds(Long.parseLong(parts[1])), Integer.parseInt(parts[0])));
        }
        return list;
    }

    @ParameterizedTest(name = "history [{0}], recommend {1} on {2} tasks at {3} s → {4} (held {5})")
    @CsvSource({
            // history       rec cur  now  count held
            "'',              2,  5,   0,   2, false", // nothing remembered: scale in at once
            "'5@0',           2,  5,  60,   5, true",  // 5 was wanted 60 s ago: hold
            "'5@0',           2,  5, 299,   5, true",  // 1 s before the 5 leaves the window
            "'5@0',           2,  5, 300,   2, false", // exactly 300 s old: out of the window
            "'5@0 4@100',     2,  5, 300,   4, true",  // the 4 is still inside: go to 4 only
            "'5@0 4@100',     2,  5, 400,   2, false",
            "'7@0',           2,  5,  60,   5, true",  // never above current: 7 is capped at 5
            "'3@0',           2,  5,  60,   3, true",  // partial step down to the highest
            "'1@0',           2,  5,  60,   2, false", // older, lower ones do not matter
            "'5@0',           8,  5,  60,   8, false", // scale-up is immediate
            "'9@0',           6,  5,  60,   6, false", // up to the recommendation, not to the highest
            "'5@0',           5,  5,  60,   5, false", // no change
    })
    void scaleInTakesTheHighestRecommendationOfTheWindow(String history, int recommended, int current,
                                                         long nowSeconds, int count, boolean held) {
        ScaleDownStabilisation.Stabilised s = ScaleDownStabilisation.apply(
                history(history), recommended, current, T0.plusSeconds(nowSeconds), WINDOW);

        assertThat(s.count()).isEqualTo(count);
        assertThat(s.held()).isEqualTo(held);
    }

    @Test
    void theNextHistoryDropsWhatLeftTheWindowAndEndsWithThisRecommendation() {
        ScaleDownStabilisation.Stabilised s = ScaleDownStabilisation.apply(
                history("6@0 5@100 4@200"), 3, 6, T0.plusSeconds(350), WINDOW);

        // cutoff 50 s: 6@0 goes, 5@100 and 4@200 stay, 3@350 joins; 5 is the highest
        assertThat(s.history()).isEqualTo(history("5@100 4@200 3@350"));
        assertThat(s.count()).isEqualTo(5);
    }

    @Test
    void aZeroWindowDisablesStabilisation() {
        ScaleDownStabilisation.Stabilised s = ScaleDownStabilisation.apply(
                history("9@0 9@10"), 2, 9, T0.plusSeconds(10), Duration.ZERO);

        assertThat(s.count()).isEqualTo(2);
        assertThat(s.held()).isFalse();
        assertThat(s.history()).isEqualTo(history("2@10"));
    }
}
