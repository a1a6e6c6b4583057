package io.microscaler.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LogBudgetTest {

    @Test
    void writesTheFirstLinesOfAnIntervalAndCountsTheRest() {
        LogBudget budget = new LogBudget(3, 10_000);
        int written = 0;
        for (int i = 0; i < 10_000; i++) { // 10,000 services' lines at once
            if (budget.tryWrite(1_000 + i / 100)) {
                written++;
            }
        }
        assertThat(written).isEqualTo(3);
        assertThat(budget.drainLeftOut()).isEqualTo(9_997);
        assertThat(budget.drainLeftOut()).isZero(); // said once
    }

    @Test
    void aNewIntervalWritesAgain() {
        LogBudget budget = new LogBudget(2, 10_000);
        assertThat(budget.tryWrite(0)).isTrue();
        assertThat(budget.tryWrite(5_000)).isTrue();
        assertThat(budget.tryWrite(9_999)).isFalse();
        assertThat(budget.tryWrite(10_000)).isTrue(); // the interval began at 0
        assertThat(budget.tryWrite(10_001)).isTrue();
        assertThat(budget.tryWrite(10_002)).isFalse();
        assertThat(budget.drainLeftOut()).isEqualTo(2);
    }

    @Test
    void aClockThatWentBackStartsAnInterval() {
        LogBudget budget = new LogBudget(1, 10_000);
        assertThat(budget.tryWrite(50_000)).isTrue();
        assertThat(budget.tryWrite(50_001)).isFalse();
        assertThat(budget.tryWrite(40_000)).isTrue();
    }

    @Test
    void saysItsLimit() {
        assertThat(new LogBudget(50, 10_000).describe()).isEqualTo("at most 50 per 10 s");
        assertThat(new LogBudget(5, 1_500).describe()).isEqualTo("at most 5 per 1500 ms");
        assertThatThrownBy(() -> new LogBudget(0, 1_000)).isInstanceOf(IllegalArgumentException.class);
    }
}
