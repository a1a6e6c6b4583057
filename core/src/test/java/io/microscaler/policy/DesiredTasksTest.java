package io.microscaler.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DesiredTasksTest {

    @ParameterizedTest(name = "{0} / {1} per task → {2}")
    @CsvSource({
            "500,          100,  5",  // exactly 5, not 6 through float noise
            "512,          100,  6",  // 5.12 rounds up
            "200,          100,  2",
            "0,            100,  0",  // bounds raise it to the minimum later
            "0.5,          100,  1",  // any load needs a task
            "99.9999999,   100,  1",
            "100.001,      100,  2",
            "41.2,         10,   5",  // concurrency 41.2 at 10 per task = 4.12
            "0.3,          0.1,  3",  // 2.9999999999999996 in doubles: still 3
            "6.9,          2.3,  3",  // 3.0000000000000004 in doubles: 3, not 4
            "1e12,         1,    2147483647", // absurd totals saturate instead of overflowing
    })
    void desiredTasksIsTheCeilingOfTotalOverTarget(double total, double target, int expected) {
        assertThat(DesiredTasks.forTotal(total, target)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "-1  | 100 | total must be >= 0, but was -1.0",
            "NaN | 100 | total must be >= 0, but was NaN",
            "10  | 0   | targetPerTask must be > 0, but was 0.0"})
    void nonsenseIsRefusedWithTheValue(double total, double target, String message) {
        assertThatThrownBy(() -> DesiredTasks.forTotal(total, target)).hasMessage(message);
    }
}
