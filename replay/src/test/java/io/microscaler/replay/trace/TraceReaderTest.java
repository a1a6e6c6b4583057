package io.microscaler.replay.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceReaderTest {

    private static Trace parse(double scale, String... lines) {
        return TraceReader.parse("t.csv", "t", List.of(lines), scale, 1);
    }

    @Test
    void perSecondRowsAreReadAsTheyAreAndGapsHaveNoRequests() {
        Trace t = parse(1, "second_offset,requests", "0,3", "1,0", "4,7");
        assertThat(t.requests()).containsExactly(3, 0, 0, 0, 7);
        assertThat(t.perMinute()).isFalse();
        assertThat(t.total()).isEqualTo(10);
        assertThat(t.peak()).isEqualTo(7);
    }

    @Test
    void aWholeScaleMultipliesEveryCount() {
        Trace t = parse(20, "second_offset,requests", "0,1", "1,2", "2,0");
        assertThat(t.requests()).containsExactly(20, 40, 0);
    }

    @Test
    void aFractionalScaleKeepsTheExpectedTotalAndTheSameSeedGivesTheSameTrace() {
        List<String> lines = new ArrayList<>();
        lines.add("second_offset,requests");
        for (int s = 0; s < 20_000; s++) {
            lines.add(s + ",1");
        }
        Trace a = TraceReader.parse("t.csv", "t", lines, 0.3, 7);
        Trace b = TraceReader.parse("t.csv", "t", lines, 0.3, 7);
        Trace c = TraceReader.parse("t.csv", "t", lines, 0.3, 8);
        // Expected 6,000; the binomial's standard deviation is sqrt(20,000 × 0.3 × 0.7) ≈ 65
        assertThat(a.total()).isBetween(5_700L, 6_300L);
        assertThat(a.requests()).containsExactly(b.requests());
        assertThat(a.requests()).isNotEqualTo(c.requests());
        assertThat(a.peak()).isEqualTo(1); // each 0.3 becomes 0 or 1, never more
    }

    @ParameterizedTest
    @CsvSource({"3.0, 3", "0.0, 0", "12.0, 12"})
    void wholeNumbersAreNotRounded(double x, long expected) {
        assertThat(TraceReader.stochasticRound(x, new SplittableRandom(1))).isEqualTo(expected);
    }

    @Test
    void perMinuteRowsAreSpreadOverTheirMinuteKeepingEachMinutesCount() {
        Trace t = parse(2, "second_offset,requests", "0,60", "60,0", "120,30");
        assertThat(t.perMinute()).isTrue();
        assertThat(t.length()).isEqualTo(180);
        assertThat(sum(t, 0, 60)).isEqualTo(120);
        assertThat(sum(t, 60, 120)).isZero();
        assertThat(sum(t, 120, 180)).isEqualTo(60);
        // Spread, not piled on the minute mark: 120 requests over 60 seconds leave no second with all of them
        assertThat(t.peak()).isLessThan(20);
    }

    @Test
    void oneRowOnAMinuteMarkIsStillPerSecond() {
        Trace t = parse(1, "second_offset,requests", "60,5");
        assertThat(t.perMinute()).isFalse();
        assertThat(t.length()).isEqualTo(61);
        assertThat(t.requestsAt(60)).isEqualTo(5);
    }

    @Test
    void rowsOffTheMinuteMarksMakeTheTracePerSecond() {
        Trace t = parse(1, "second_offset,requests", "0,5", "60,5", "61,5");
        assertThat(t.perMinute()).isFalse();
        assertThat(t.requestsAt(0)).isEqualTo(5);
    }

    @Test
    void aHeaderWithSpacesOrCapitalsIsAccepted() {
        assertThat(parse(1, " Second_Offset, Requests ", "0,1").total()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "offset,count|0,1|line 1: expected the header second_offset,requests, but was 'offset,count'",
        "second_offset,requests||has the header but no rows",
        "second_offset,requests|0,x|line 2 ('0,x'): expected requests that are a number >= 0, but was 'x'",
        "second_offset,requests|0,-1|line 2 ('0,-1'): expected requests that are a number >= 0",
        "second_offset,requests|-3,1|line 2 ('-3,1'): expected a second_offset that is a whole number >= 0",
        "second_offset,requests|1.5,1|line 2 ('1.5,1'): expected a second_offset that is a whole number >= 0",
        "second_offset,requests|0,1,2|line 2 ('0,1,2'): expected two cells, second_offset,requests",
        "second_offset,requests|5,1;3,1|line 3 ('3,1'): expected offsets that increase, but 3 follows 5",
        "second_offset,requests|5,1;5,1|line 3 ('5,1'): expected offsets that increase, but 5 follows 5",
    })
    void badRowsNameTheFileTheLineAndWhatWasExpected(String header, String rows, String message) {
        List<String> lines = new ArrayList<>();
        lines.add(header);
        if (rows != null) {
            lines.addAll(List.of(rows.split(";")));
        }
        assertThatThrownBy(() -> TraceReader.parse("traces/x.csv", "x", lines, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trace file traces/x.csv")
                .hasMessageContaining(message);
    }

    @Test
    void anEmptyFileNamesTheHeaderItExpected() {
        assertThatThrownBy(() -> TraceReader.parse("x.csv", "x", List.of(), 1, 1))
                .hasMessageContaining("trace file x.csv is empty: expected the header second_offset,requests");
    }

    @ParameterizedTest
    @CsvSource({"0", "-1", "NaN", "Infinity"})
    void aScaleThatIsNotPositiveIsRefused(double scale) {
        assertThatThrownBy(() -> parse(scale, "second_offset,requests", "0,1"))
                .hasMessageContaining("--scale must be a number > 0");
    }

    @Test
    void aScaleThatWouldMakeAbsurdRatesIsRefusedNamingTheLine() {
        assertThatThrownBy(() -> parse(1e5, "second_offset,requests", "0,1", "1,500"))
                .hasMessageContaining("line 3")
                .hasMessageContaining("expected a smaller --scale");
    }

    @Test
    void aFileIsReadAndNamedAfterItself(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("spike.csv"), "second_offset,requests\n0,2\n1,4\n\n");
        Trace t = TraceReader.read(file, 1.5, 1);
        assertThat(t.name()).isEqualTo("spike");
        assertThat(t.requests()).containsExactly(3, 6);
        assertThatThrownBy(() -> TraceReader.read(dir.resolve("missing.csv"), 1, 1))
                .hasMessageContaining("missing.csv cannot be read");
    }

    private static int sum(Trace t, int from, int to) {
        int s = 0;
        for (int i = from; i < to; i++) {
            s += t.requestsAt(i);
        }
        return s;
    }
}
