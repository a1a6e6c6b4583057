package io.microscaler.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceRatesTest {

    private static double[] rates(TraceRates t) {
        double[] r = new double[t.seconds()];
        for (int i = 0; i < r.length; i++) {
            r[i] = t.rateAt(i);
        }
        return r;
    }

    @Test
    void readsSecondOffsetsWithGapsAsZeroAndSumsRepeatedSeconds() {
        TraceRates t = TraceRates.parse("t.csv", List.of("second_offset,requests", "0,4", "3,2", "", "3,1", "5,0.5"));
        assertThat(rates(t)).containsExactly(4, 0, 0, 3, 0, 0.5);
        assertThat(t.peak()).isEqualTo(4);
        assertThat(t.mean()).isCloseTo(7.5 / 6, within(1e-12));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "minute,requests|line 1: expected the header second_offset,requests, but was 'minute,requests'",
            "second_offset,requests;x,3|line 2: expected second_offset,requests with a whole second and a count, but was 'x,3'",
            "second_offset,requests;1|line 2: requests must be a number ≥ 0, but was ''",
            "second_offset,requests;1,-2|line 2: requests must be a number ≥ 0, but was '-2'",
            "second_offset,requests;-1,2|line 2: second_offset must be from 0 to",
            "second_offset,requests|has a header but no rows"})
    void badFilesAreRefusedWithTheLineAndWhatWasExpected(String lines, String message) {
        assertThatThrownBy(() -> TraceRates.parse("t.csv", Arrays.asList(lines.split(";"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trace file 't.csv'")
                .hasMessageContaining(message);
    }

    @Test
    void aWindowCutsSecondsOutOfTheTrace() {
        TraceRates t = TraceRates.of(1, 2, 3, 4, 5);
        assertThat(rates(t.window(1, 3))).containsExactly(2, 3, 4);
        assertThat(rates(t.window(3, 0))).as("length 0: to the end").containsExactly(4, 5);
        assertThat(rates(t.window(3, 100))).as("cut at the end").containsExactly(4, 5);
        assertThatThrownBy(() -> t.window(5, 1)).hasMessageContaining("within the trace's 5 s");
    }

    @Test
    void compressingKeepsTheRatesAndPlaysThemFaster() {
        TraceRates t = TraceRates.of(10, 20, 30, 40, 50);
        assertThat(rates(t.compress(1))).containsExactly(10, 20, 30, 40, 50);
        // ×2: seconds (0,1), (2,3), (4): means 15, 35, 50
        assertThat(rates(t.compress(2))).containsExactly(15, 35, 50);
        // ×2.5: [0, 2.5) = (10 + 20 + 0.5 × 30) / 2.5 = 18; [2.5, 5) = (0.5 × 30 + 40 + 50) / 2.5 = 42
        double[] r = rates(t.compress(2.5));
        assertThat(r).hasSize(2);
        assertThat(r[0]).isCloseTo(18, within(1e-9));
        assertThat(r[1]).isCloseTo(42, within(1e-9));
        assertThatThrownBy(() -> t.compress(0.5)).hasMessageContaining("compress must be a number ≥ 1");
    }

    @Test
    void scalingMultipliesEveryRate() {
        assertThat(rates(TraceRates.of(1, 0, 2.5).scale(4))).containsExactly(4, 0, 10);
        assertThatThrownBy(() -> TraceRates.of(1).scale(0)).hasMessageContaining("scale must be a number > 0");
    }

    @Test
    void viewerArrivalsCarryTheirFractionsSoSmallRatesAreNotLostToRounding() {
        // 30 req/s with 100 requests a session: 0.3 viewers a second; rounding each second would start none
        int[] users = TraceRates.of(30, 30, 30, 30, 30, 30, 30, 30, 30, 30).usersPerSecond(100);
        assertThat(Arrays.stream(users).sum()).isEqualTo(3);
        assertThat(users).containsExactly(0, 0, 0, 1, 0, 0, 1, 0, 0, 1);
        assertThat(TraceRates.of(250, 0, 50).usersPerSecond(100)).containsExactly(2, 0, 1);
    }
}
