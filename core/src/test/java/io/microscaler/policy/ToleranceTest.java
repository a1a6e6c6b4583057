package io.microscaler.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ToleranceTest {

    @ParameterizedTest(name = "{0} on {1} tasks × {2}, tolerance {3} → within: {4}")
    @CsvSource({
            // 5 tasks × 100 = 500 at the target; tolerance 0.1 keeps 450–550
            "500, 5, 100, 0.1,  true",
            "550, 5, 100, 0.1,  true",   // ratio 1.1: on the boundary, inclusive
            "551, 5, 100, 0.1,  false",
            "450, 5, 100, 0.1,  true",   // ratio 0.9
            "449, 5, 100, 0.1,  false",
            "0,   5, 100, 0.1,  false",  // no load on 5 tasks: not within
            "500, 0, 100, 0.1,  false",  // no tasks: never within, load must start one
            "0,   0, 100, 0.1,  false",
            "500, 5, 100, 0.0,  true",   // tolerance 0: only exactly on target
            "501, 5, 100, 0.0,  false",
            "41.2, 4, 10, 0.05, true",   // concurrency: 41.2 / (4 × 10) = ratio 1.03
            "41.2, 4, 10, 0.03, true",   // 1.03 within 0.03: inclusive
            "41.2, 4, 10, 0.02, false",
    })
    void withinToleranceIsInclusiveAtTheBoundaries(double total, int tasks, double target, double tolerance,
                                                   boolean within) {
        assertThat(Tolerance.isWithin(total, tasks, target, tolerance)).isEqualTo(within);
    }

    @ParameterizedTest
    @CsvSource({"510, 5, 100, 1.02", "41.2, 4, 10, 1.03", "0, 3, 10, 0"})
    void ratioIsTheMetricPerTaskOverTheTarget(double total, int tasks, double target, double ratio) {
        assertThat(Tolerance.ratio(total, tasks, target)).isCloseTo(ratio, within(1e-12));
    }

    @ParameterizedTest
    @CsvSource({"510, 0, 100"})
    void ratioIsNaNWithoutTasks(double total, int tasks, double target) {
        assertThat(Tolerance.ratio(total, tasks, target)).isNaN();
    }
}
