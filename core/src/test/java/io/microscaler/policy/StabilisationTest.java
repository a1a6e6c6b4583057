package io.microscaler.policy;

import static io.microscaler.policy.Snapshots.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.policy.PolicyMemory.Recommended;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StabilisationTest {

    /** History "5@0 3@60" = recommendations 5 at T0 and 3 at T0 + 60 s. */
    static List<Recommended> history(String spec) {
        List<Recommended> list = new ArrayList<>();
        for (String entry : spec.isBlank() ? new String[0] : spec.trim().split("\\s+")) {
            String[] parts = entry.split("@");
            list.add(new Recommended(T0.plusSeconds(Long.parseLong(parts[1])), Integer.parseInt(parts[0])));
        }
        return list;
    }

    @ParameterizedTest(name = "history [{0}], recommend {1} on {2} tasks at {3} s, windows {4}/{5} s → {6}")
    @CsvSource({
            // history     rec cur now  up  down  count
            // HPA v2: scale-down stabilisation takes the highest recommendation in the window
            "'',            2,  5,   0,  0, 300,   2", // nothing remembered: scale in at once
            "'5@0',         2,  5,  60,  0, 300,   5", // 5 was wanted 60 s ago: hold
            "'5@0',         2,  5, 299,  0, 300,   5", // 1 s before the 5 leaves the window
            "'5@0',         2,  5, 300,  0, 300,   2", // exactly 300 s old: out of the window
            "'5@0 4@100',   2,  5, 300,  0, 300,   4", // the 4 is still inside: go to 4 only
            "'7@0',         2,  5,  60,  0, 300,   5", // never above current: stabilisation never scales out
            "'3@0',         2,  5,  60,  0, 300,   3", // partial step down to the highest
            "'1@0',         2,  5,  60,  0, 300,   2", // older, lower ones do not matter
            // HPA v2: scale-up stabilisation takes the lowest recommendation in the window
            "'5@0',         8,  5,  60,  0, 300,   8", // 0 s up window (the default): immediate
            "'6@0',         9,  5,  60, 120, 300,  6", // 6 was recommended 60 s ago: up to 6 only
            "'4@0',         9,  5,  60, 120, 300,  5", // 4 within the window: no scale-up at all
            "'4@0',         9,  5, 120, 120, 300,  9", // the 4 has left the window
            "'6@0 7@30',    9,  5,  60, 120, 300,  6",
            "'5@0',         5,  5,  60, 120, 300,  5", // no change
    })
    void movesTheCurrentCountOnlyAsFarAsBothWindowsAgree(String history, int recommended, int current, long now,
                                                         long up, long down, int count) {
        Stabilisation.Stabilised s = Stabilisation.apply(history(history), recommended, current, T0.plusSeconds(now),
                Duration.ofSeconds(up), Duration.ofSeconds(down));

        assertThat(s.count()).isEqualTo(count);
    }

    @Test
    void theRememberedHistoryDropsWhatLeftTheWindowAndKeepsOnlyTheNewestOfARun() {
        // HPA keeps one recommendation per evaluation; a run of equal counts is the same to max/min.
        List<Recommended> next = PolicyMemory.remember(history("6@0 5@100 4@200"), T0.plusSeconds(350), 3,
                Duration.ofSeconds(300));
        assertThat(next).isEqualTo(history("5@100 4@200 3@350"));

        assertThat(PolicyMemory.remember(history("5@100 4@200"), T0.plusSeconds(210), 4, Duration.ofSeconds(300)))
                .isEqualTo(history("5@100 4@210"));
    }
}
