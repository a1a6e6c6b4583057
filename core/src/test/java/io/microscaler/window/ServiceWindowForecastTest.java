package io.microscaler.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.forecast.ClosedSlot;
import io.microscaler.forecast.LoadForecaster;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void aRebuiltWindowFeedsNothingWhileWarmingThenTheWholeSlotInProgress() {
        LoadForecaster forecaster = LoadForecaster.withDefaults(Duration.ofSeconds(60));
        List<ClosedSlot> closed = new ArrayList<>();
        forecaster.onClosed(closed::add);
        ServiceWindow window = new ServiceWindow("iiif", WindowSettings.DEFAULTS, forecaster);
        window.setWarming(true); // a new owner reading back the window's span
        long minute = DAY0 + 600;
        for (long s = minute - 30; s < minute + 50; s++) {
            // 100/s for the minute's first 50 s; read back in order, with a tick in the middle of the reading
            window.recordSummary((s + 1) * 1000, 1000, s < minute ? 10 : 100, 0, 2000, 30, 1, Instant.ofEpochSecond(s + 1));
            if (s == minute + 20) {
                window.snapshot(Instant.ofEpochSecond(minute + 50));
            }
        }
        window.setWarming(false);
        window.snapshot(Instant.ofEpochSecond(minute + 50));
        for (long s = minute + 50; s < minute + 61; s++) {
            window.recordSummary((s + 1) * 1000, 1000, 10, 0, 200, 30, 1, Instant.ofEpochSecond(s + 1));
        }
        window.snapshot(Instant.ofEpochSecond(minute + 62));

        // the minute before, from its 30 seconds held (10/s, the rest 0); then the minute itself whole
        assertThat(closed).extracting(ClosedSlot::start).containsExactly(minute - 60, minute);
        // its busy (90th-percentile) second is 100: from the seconds after the rebuild alone, or with the
        // seconds not yet read during it as 0, it would be 10 or 0
        assertThat(closed.get(1).rate()).isEqualTo(100.0);
    }
}
