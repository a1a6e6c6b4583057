package io.microscaler.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScenarioTest {

    @Test
    void steadyIsTheSameRateAtEveryMomentTimesTheScale() {
        Scenario s = Scenario.parse("steady", 2);
        assertThat(s.rateAt(Duration.ZERO)).isEqualTo(300);
        assertThat(s.rateAt(Duration.ofHours(3))).isEqualTo(300);
        assertThat(s.describe()).isEqualTo("steady: 300/s");
    }

    @ParameterizedTest(name = "spike at {0} s: {1}/s")
    @CsvSource({"0, 80", "29.999, 80", "30, 400", "60, 400", "119.999, 400", "120, 80", "3600, 80"})
    void spikeIsFiveTimesTheBaseFromThirtySecondsForNinety(double seconds, double rate) {
        Scenario s = Scenario.parse("spike", 1);
        assertThat(s.rateAt(Duration.ofNanos((long) (seconds * 1e9)))).isEqualTo(rate);
    }

    @Test
    void spikeScalesBaseAndPeakAlike() {
        Scenario s = Scenario.parse(" spike ", 0.5);
        assertThat(s.rateAt(Duration.ZERO)).isEqualTo(40);
        assertThat(s.rateAt(Duration.ofSeconds(45))).isEqualTo(200);
        assertThat(s.describe()).isEqualTo("spike: 40/s, ×5 from 30 s for 90 s");
    }

    @ParameterizedTest(name = "diurnal at {0} s: {1}/s")
    @CsvSource({
            "0, 20",      // midnight: the trough
            "75, 160",    // 6 am: half way, (20 + 300) / 2
            "150, 300",   // noon: the peak
            "225, 160",   // 6 pm
            "300, 20",    // midnight again: the period is 5 minutes
            "450, 300"})
    void diurnalIsARaisedCosineBetweenTroughAndPeak(long seconds, double rate) {
        Scenario s = Scenario.parse("diurnal", 1);
        assertThat(s.rateAt(Duration.ofSeconds(seconds))).isCloseTo(rate, within(1e-9));
    }

    @Test
    void diurnalChangesGraduallyNeverByMoreThanTwoPercentOfItsRangeInASecond() {
        Scenario s = Scenario.parse("diurnal", 1);
        for (int t = 0; t < 600; t++) {
            double step = Math.abs(s.rateAt(Duration.ofSeconds(t + 1)) - s.rateAt(Duration.ofSeconds(t)));
            // the steepest slope of (1 - cos)/2 is π/period per second: 280 × π / 300 ≈ 2.93/s
            assertThat(step).isLessThan(3.0);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "burst|1|scenario 'burst': expected steady, spike, diurnal or trace:FILE",
            "Steady|1|scenario 'Steady': expected steady",
            "trace:|1|trace: needs a file",
            "trace:/no/such/file.csv|1|trace file '/no/such/file.csv' cannot be read",
            "steady|0|scale must be a number > 0, but was 0.0",
            "steady|-2|scale must be a number > 0, but was -2.0",
            "steady|NaN|scale must be a number > 0, but was NaN",
            "steady|Infinity|scale must be a number > 0"})
    void badSpecsAreRefusedSayingWhatIsExpected(String spec, double scale, String message) {
        assertThatThrownBy(() -> Scenario.parse(spec, scale))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void recordsCheckTheirFigures() {
        assertThatThrownBy(() -> new Scenario.Steady(-1)).hasMessage("rate must be a finite number ≥ 0, but was -1.0");
        assertThatThrownBy(() -> new Scenario.Diurnal(1, 2, Duration.ZERO)).hasMessage("period must be positive, but was PT0S");
        assertThatThrownBy(() -> new Scenario.Spike(1, 5, Duration.ofSeconds(-1), Duration.ZERO))
                .hasMessageContaining("must not be negative");
    }
}
