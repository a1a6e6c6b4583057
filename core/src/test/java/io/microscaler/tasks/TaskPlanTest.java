package io.microscaler.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskPlanTest {

    @ParameterizedTest(name = "desired {0}, active {1}, draining {2}, may launch {3} → reclaim {4} launch {5} stop {6} held back {7}")
    @CsvSource({
            "5, 2, 0, true,  0, 3, 0, 0",
            "5, 2, 1, true,  1, 2, 0, 0",   // a draining task is taken back before anything is launched
            "5, 2, 4, true,  3, 0, 0, 0",   // only as many as are missing
            "5, 2, 1, false, 1, 0, 0, 2",   // backing off: what cannot be taken back waits
            "5, 2, 0, false, 0, 0, 0, 3",
            "2, 5, 0, true,  0, 0, 3, 0",
            "2, 5, 3, true,  0, 0, 3, 0",   // draining tasks are not active: they do not reduce the surplus
            "0, 3, 0, false, 0, 0, 3, 0",   // stopping never waits for the launch back-off
            "3, 3, 2, true,  0, 0, 0, 0",
            "0, 0, 0, true,  0, 0, 0, 0",
            "25, 0, 0, true, 0, 25, 0, 0",  // batches of 10 are the caller's business
    })
    void bringsActiveTasksToTheDesiredCount(int desired, int active, int draining, boolean mayLaunch,
                                            int reclaim, int launch, int stop, int heldBack) {
        TaskPlan plan = TaskPlan.of(desired, active, draining, mayLaunch);

        assertThat(plan).isEqualTo(new TaskPlan(reclaim, launch, stop, heldBack));
        assertThat(plan.idle()).isEqualTo(reclaim + launch + stop == 0);
    }

    @ParameterizedTest
    @CsvSource({"-1, 0, 0", "0, -1, 0", "0, 0, -1"})
    void negativeCountsAreRefused(int desired, int active, int draining) {
        assertThatThrownBy(() -> TaskPlan.of(desired, active, draining, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("counts must be >= 0");
    }
}
