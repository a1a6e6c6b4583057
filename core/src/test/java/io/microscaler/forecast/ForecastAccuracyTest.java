package io.microscaler.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ForecastAccuracyTest {

    @Test
    void theJavadocExample() {
        ForecastAccuracy a = new ForecastAccuracy(60, 3, 0.3, 1);
        a.compare(110, 100);
        a.compare(95, 100);
        a.compare(60, 100);
        ForecastAccuracy.Verdict v = a.verdict();
        assertThat(v.trusted()).isTrue();
        assertThat(v.meanError()).isCloseTo(0.1833, within(1e-3));
        assertThat(v.why()).isEqualTo("forecast trusted: mean error 18 % over the last 3 slots <= 30 %");
    }

    @Test
    void notTrustedUntilEnoughSlotsWereCompared() {
        ForecastAccuracy a = new ForecastAccuracy(60, 30, 0.3, 1);
        for (int i = 0; i < 29; i++) {
            a.compare(100, 100);
        }
        assertThat(a.verdict().trusted()).isFalse();
        assertThat(a.verdict().why()).isEqualTo("forecast not trusted yet: 29 of 30 slots compared");
        a.compare(100, 100);
        assertThat(a.verdict().trusted()).isTrue();
    }

    /** A forecast six hours out of phase with a daily sine: switched off, and on again once it is right for a window. */
    @Test
    void aForecastThatKeepsBeingWrongSwitchesItselfOffAndBackOn() {
        ForecastAccuracy a = new ForecastAccuracy(60, 30, 0.3, 1);
        for (int minute = 0; minute < 180; minute++) {
            double actual = 100 + 60 * Math.sin(2 * Math.PI * minute / 1440 * 8); // a 3-hour cycle, to keep the test short
            double forecast = 100 + 60 * Math.sin(2 * Math.PI * (minute + 90) / 1440 * 8); // half a cycle off
            a.compare(forecast, actual);
        }
        ForecastAccuracy.Verdict off = a.verdict();
        assertThat(off.trusted()).isFalse();
        assertThat(off.why()).startsWith("forecast switched off: mean error ").endsWith("% over the last 60 slots > 30 %");
        for (int minute = 0; minute < 10; minute++) {
            a.compare(100, 100);
        }
        assertThat(a.verdict().trusted()).as("50 bad slots still in the window").isFalse();
        int good = 10;
        while (!a.verdict().trusted()) {
            a.compare(100, 100);
            good++;
        }
        // on again once the bad slots left in the window average no more than 30 %
        assertThat(good).isBetween(11, 60);
        assertThat(a.verdict().meanError()).isLessThanOrEqualTo(0.3);
    }

    @Test
    void quietSlotsAreMeasuredAgainstTheFloor() {
        ForecastAccuracy a = new ForecastAccuracy(10, 1, 0.3, 1);
        a.compare(0.2, 0.1); // 0.1 requests/s off, against a floor of 1: 10 %, not 100 %
        assertThat(a.verdict().meanError()).isCloseTo(0.1, within(1e-9));
    }
}
