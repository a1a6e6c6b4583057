package io.microscaler.replay.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ServiceModelTest {

    @Test
    void theOneRuleGivesEveryPolicyItsTargetFromTheTasksCapacity() {
        ServiceModel m = ServiceModel.DEFAULTS;
        assertThat(m.throughputPerTask()).isEqualTo(100.0);        // 4 slots / 40 ms
        assertThat(m.targetConcurrencyPerTask()).isEqualTo(2.8);   // 70 % of 4
        assertThat(m.targetRatePerTask()).isEqualTo(70.0);         // 70 % of 100/s
    }

    @ParameterizedTest
    @CsvSource({"0, 1", "70, 1", "70.5, 2", "140, 2", "400, 6"})
    void tasksNeededIsTheTargetRateRoundedUpAndAtLeastTheMinimum(double rate, int tasks) {
        assertThat(ServiceModel.DEFAULTS.tasksNeeded(rate)).isEqualTo(tasks);
    }

    @Test
    void badParametersNameTheOptionToFix() {
        assertThatThrownBy(() -> ServiceModel.DEFAULTS.withBounds(0, 5)).hasMessageContaining("--min must be >= 1");
        assertThatThrownBy(() -> ServiceModel.DEFAULTS.withService(0, 40, 0, 10))
                .hasMessageContaining("--task-concurrency must be >= 1");
        assertThatThrownBy(() -> ServiceModel.DEFAULTS.withStartDelay(-1)).hasMessageContaining("--start-delay");
        assertThatThrownBy(() -> ServiceModel.DEFAULTS.withTargetUtilisation(1.5))
                .hasMessageContaining("--target-utilisation must be in (0, 1]");
    }
}
