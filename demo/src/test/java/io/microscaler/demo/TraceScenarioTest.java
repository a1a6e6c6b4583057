package io.microscaler.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceScenarioTest {

    private static double at(Scenario s, double seconds) {
        return s.rateAt(Duration.ofNanos((long) (seconds * 1e9)));
    }

    @Test
    void perSecondRowsAreTheRateOfTheirSecondAndMissingSecondsAreZero() {
        TraceScenario t = TraceScenario.parse("t", List.of("second_offset,requests", "0,3", "1,5", "4,2"), 1, false);
        assertThat(t.perMinute()).isFalse();
        assertThat(t.length()).isEqualTo(Duration.ofSeconds(5));
        assertThat(at(t, 0)).isEqualTo(3);
        assertThat(at(t, 0.99)).isEqualTo(3);
        assertThat(at(t, 1.5)).isEqualTo(5);
        assertThat(at(t, 2)).isZero();
        assertThat(at(t, 3.7)).isZero();
        assertThat(at(t, 4)).isEqualTo(2);
        assertThat(at(t, 5)).as("without loop, nothing after the end").isZero();
    }

    @Test
    void scaleMultipliesEveryCountAndLoopStartsAgainAtTheEnd() {
        TraceScenario t = TraceScenario.parse("t", List.of("second_offset,requests", "0,3", "1,5"), 10, true);
        assertThat(at(t, 0)).isEqualTo(30);
        assertThat(at(t, 1)).isEqualTo(50);
        assertThat(at(t, 2)).isEqualTo(30);
        assertThat(at(t, 1003)).isEqualTo(50);
        assertThat(t.describe()).isEqualTo("trace t: 2 s, mean 40/s, peak 50/s, looping");
    }

    @Test
    void rowsOnMinuteMarksArePerMinuteAndSpreadEvenlyOverTheirMinute() {
        TraceScenario t = TraceScenario.parse("m", List.of("second_offset,requests", "0,120", "60,600", "180,60"), 1, false);
        assertThat(t.perMinute()).isTrue();
        assertThat(t.length()).isEqualTo(Duration.ofMinutes(4));
        assertThat(at(t, 0)).isEqualTo(2);
        assertThat(at(t, 59.9)).isEqualTo(2);
        assertThat(at(t, 60)).isEqualTo(10);
        assertThat(at(t, 119)).isEqualTo(10);
        assertThat(at(t, 120)).as("a minute without a row").isZero();
        assertThat(at(t, 200)).isEqualTo(1);
        // the minute's total is kept: 60 seconds × 10/s = 600
        double sum = 0;
        for (int s = 60; s < 120; s++) {
            sum += at(t, s);
        }
        assertThat(sum).isCloseTo(600, within(1e-9));
    }

    @Test
    void aMinuteOffsetHeaderCountsOffsetsInMinutes() {
        TraceScenario t = TraceScenario.parse("m", List.of("minute_offset,requests", "0,60", "2,30"), 1, false);
        assertThat(t.perMinute()).isTrue();
        assertThat(at(t, 30)).isEqualTo(1);
        assertThat(at(t, 90)).isZero();
        assertThat(at(t, 150)).isEqualTo(0.5);
        assertThat(t.length()).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void aSingleRowOnSecondZeroIsPerSecond() {
        TraceScenario t = TraceScenario.parse("t", List.of("second_offset,requests", "0,7"), 1, false);
        assertThat(t.perMinute()).isFalse();
        assertThat(at(t, 0)).isEqualTo(7);
    }

    @Test
    void aPerRequestFileIsCountedPerSecond() {
        TraceScenario t = TraceScenario.parse("r", List.of("arrival_offset_s,context_tokens,generated_tokens",
                "0.68,374,44", "0.9,1,1", "4.99,396,109", "5.22,879,55"), 2, false);
        assertThat(at(t, 0)).isEqualTo(4);
        assertThat(at(t, 4)).isEqualTo(2);
        assertThat(at(t, 5)).isEqualTo(2);
        assertThat(at(t, 2)).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "offset;requests|line 1: expected a header second_offset,requests",
            "second_offset,requests|has a header but no rows",
            "second_offset,requests;0,1;0,2|line 3 ('0,2'): offsets must increase, but 0 follows 0",
            "second_offset,requests;5,1;3,2|line 3 ('3,2'): offsets must increase, but 3 follows 5",
            "second_offset,requests;0,1;x,2|line 3 ('x,2'): the offset must be a whole number ≥ 0, but was 'x'",
            "second_offset,requests;-1,2|the offset must be a whole number ≥ 0, but was '-1'",
            "second_offset,requests;0,-3|line 2 ('0,-3'): requests must be a number ≥ 0, but was '-3'",
            "second_offset,requests;0,lots|requests must be a number ≥ 0, but was 'lots'",
            "second_offset,requests;0,1,2|line 2 ('0,1,2'): expected offset,requests",
            "arrival_offset_s,a;2.0,1;1.0,1|line 3 ('1.0,1'): arrival offsets must be ≥ 0 and not decrease"})
    void badFilesAreRefusedNamingTheLineAndWhatIsExpected(String content, String message) {
        List<String> lines = List.of(content.split(";"));
        assertThatThrownBy(() -> TraceScenario.parse("bad.csv", lines, 1, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("trace file 'bad.csv'")
                .hasMessageContaining(message);
    }

    @Test
    void anEmptyFileIsRefused(@TempDir Path dir) throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        assertThatThrownBy(() -> Scenario.parse("trace:" + empty, 1))
                .hasMessage("trace file '" + empty + "' is empty: expected a header such as second_offset,requests"
                        + " and one row per second");
    }

    @Test
    void blankLinesAreSkippedAndAFileIsReadThroughParse(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("t.csv"), "second_offset,requests\n0,1\n\n1,2\n");
        Scenario s = Scenario.parse("trace:" + file, 3);
        assertThat(at(s, 0)).isEqualTo(3);
        assertThat(at(s, 1)).isEqualTo(6);
        assertThat(at(s, 2)).as("trace: loops").isEqualTo(3);
    }

    @Test
    void theSharedAzureTraceReadsAsPerSecondWithItsDocumentedSpan() {
        Path azure = Path.of("traces", "azure-llm-conv-2023-per-second.csv");
        Assumptions.assumeTrue(Files.isReadable(azure), "the shared traces are not on this machine");
        TraceScenario t = TraceScenario.load(azure, 1, true);
        assertThat(t.perMinute()).isFalse();
        assertThat(t.length()).isEqualTo(Duration.ofSeconds(3503)); // README: 58 min, 3,503 s
        assertThat(at(t, 0)).isEqualTo(1);
    }
}
