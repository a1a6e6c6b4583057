package io.microscaler.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microscaler.decision.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskBoundsTest {

    @ParameterizedTest(name = "{0} in [{1}, {2}] → {3} ({4})")
    @CsvSource(nullValues = "-", value = {
            "5,  1, 10,  5, -",
            "1,  1, 10,  1, -",               // on the minimum: unchanged
            "10, 1, 10, 10, -",               // on the maximum: unchanged
            "0,  1, 10,  1, AT_MIN",
            "0,  0, 10,  0, -",               // scale to zero allowed when min is 0
            "13, 1, 10, 10, AT_MAX",
            "2,  3,  3,  3, AT_MIN",  // pinned
            "4,  3,  3,  3, AT_MAX",
    })
    void clampsToTheBoundsAndSaysWhichOne(int recommended, int min, int max, int count, Reason reason) {
        TaskBounds.Bounded bounded = TaskBounds.clamp(recommended, min, max);

        assertThat(bounded.count()).isEqualTo(count);
        assertThat(bounded.reason()).isEqualTo(reason);
        assertThat(bounded.changed()).isEqualTo(reason != null);
    }

    @ParameterizedTest
    @CsvSource({"5, 4, 3"})
    void minAboveMaxIsRefused(int recommended, int min, int max) {
        assertThatThrownBy(() -> TaskBounds.clamp(recommended, min, max))
                .hasMessage("minTasks must be <= maxTasks (3), but was 4");
    }
}
