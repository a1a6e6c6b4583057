package io.microscaler.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.forecast.LoadForecaster;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The window feeds its forecaster every whole second it closes, and its snapshot carries the forecast. */
class ServiceWindowForecastTest {

    private static final long DAY0 = Instant.parse("2026-12-01T00:00:00Z").getEpochSecond();

    /** 50 requests/s, and 150 from 12:00 to 13:00 every day. */
    private static long lunch(long second) {
        long inDay = Math.floorMod(second - DAY0, 86_400);
        return inDay >= 12 * 3600 && inDay < 13 * 3600 ? 150 : 50;
    }

    @Test
    void afterTwoDaysTheSnapshotForecastsTheLunchPeakAHorizonAhead() {
        ServiceWindow window = new ServiceWindow("iiif", WindowSettings.DEFAULTS,
                LoadForecaster.withDefaults(Duration.ofSeconds(60)));
        long elevenFiftyNine = DAY0 + 2 * 86_400 + 12 * 3600 - 60;
        WindowSnapshot last = null;
        for (long s = DAY0; s < elevenFiftyNine; s++) {
            Instant end = Instant.ofEpochSecond(s + 1);
            window.recordSummary((s + 1) * 1000, 1000, lunch(s), 0, lunch(s) * 20, 30, 1, end);
            if (s % 10 == 0) {
                last = window.snapshot(end); // a tick every 10 s: each feeds the seconds closed since the last
            }
        }
        WindowSnapshot at = window.snapshot(Instant.ofEpochSecond(elevenFiftyNine));

        assertThat(last.forecast()).isPresent();
        assertThat(at.forecast()).hasValueSatisfying(f -> {
            assertThat(f.at()).isEqualTo(Instant.ofEpochSecond(elevenFiftyNine + 60));
            assertThat(f.rate()).isEqualTo(150.0);
            assertThat(f.verdict().trusted()).isTrue();
        });
        assertThat(at.stable().rate()).as("the load now").isEqualTo(50.0);
    }

    @Test
    void aWindowWithoutAForecasterForecastsNothing() {
        ServiceWindow window = new ServiceWindow("iiif", WindowSettings.DEFAULTS);
        window.recordSummary(DAY0 * 1000, 1000, 10, 0, 200, 30, 1, Instant.ofEpochSecond(DAY0 + 1));
        assertThat(window.snapshot(Instant.ofEpochSecond(DAY0 + 2)).forecast()).isEmpty();
    }
}
