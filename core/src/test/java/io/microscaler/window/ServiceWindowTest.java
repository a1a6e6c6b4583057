package io.microscaler.window;

import static io.microscaler.window.WindowClock.at;
import static io.microscaler.window.WindowClock.millis;
import static io.microscaler.window.WindowClock.steady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The figures a window derives: rates, concurrency, quantiles and errors over both spans. */
class ServiceWindowTest {

    private final ServiceWindow window = new ServiceWindow("iiif", WindowSettings.DEFAULTS);

    @ParameterizedTest(name = "{0} req/s at {1} ms → rate {2}, concurrency {3}")
    @CsvSource({
            // rate = count / 60 s; concurrency = Σ latency / 60 s = rate × latency (Little's law)
            "100,   50, 100.0,  5.0",   // 6,000 × 50 ms = 300 s of latency / 60 s = 5
            "500,   84, 500.0, 42.0",   // 30,000 × 84 ms = 2,520 s / 60 s = 42
            "1,   1000,   1.0,  1.0",   // one request always in flight
            "10,     0,  10.0,  0.0",
    })
    void steadyTrafficGivesRateAndConcurrencyOnBothSpans(int perSecond, long latencyMs,
                                                         double rate, double concurrency) {
        steady(window, 0, 70, perSecond, latencyMs, 0);

        WindowSnapshot s = window.snapshot(at(70.0)); // stable reads seconds 10–69, panic 64–69

        assertThat(s.state()).isEqualTo(WindowState.OK);
        assertThat(s.stable().span()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.stable().count()).isEqualTo(60L * perSecond);
        assertThat(s.stable().rate()).isCloseTo(rate, within(1e-9));
        assertThat(s.stable().concurrency()).isCloseTo(concurrency, within(1e-9));
        assertThat(s.panic().span()).isEqualTo(Duration.ofSeconds(6));
        assertThat(s.panic().count()).isEqualTo(6L * perSecond);
        assertThat(s.panic().rate()).isCloseTo(rate, within(1e-9));
        assertThat(s.stable().bytes()).isEqualTo(60L * perSecond * 1000);
    }

    @Test
    void aBurstShowsInThePanicSpanBeforeTheStableOne() {
        steady(window, 0, 64, 10, 20, 0);
        steady(window, 64, 70, 100, 200, 0);

        WindowSnapshot s = window.snapshot(at(70.0));

        // stable, seconds 10–69: 54 × 10 + 6 × 100 = 1,140 requests / 60 s = 19 req/s;
        // latency 540 × 20 ms + 600 × 200 ms = 130.8 s / 60 s = 2.18 in flight
        assertThat(s.stable().rate()).isCloseTo(19.0, within(1e-9));
        assertThat(s.stable().concurrency()).isCloseTo(2.18, within(1e-9));
        // panic, seconds 64–69: 600 / 6 s = 100 req/s; 600 × 0.2 s / 6 s = 20 in flight
        assertThat(s.panic().rate()).isCloseTo(100.0, within(1e-9));
        assertThat(s.panic().concurrency()).isCloseTo(20.0, within(1e-9));
    }

    @Test
    void aStepShowsAtItsFullRateInTheNewestTwoSecondsWhileThePanicSpanAveragesItIn() {
        steady(window, 0, 68, 80, 40, 0);
        steady(window, 68, 70, 400, 40, 0);

        WindowSnapshot s = window.snapshot(at(70.0));

        // panic, seconds 64–69: 4 × 80 + 2 × 400 = 1,120 / 6 s = 186.7 req/s; the newest two, 68–69: 400
        assertThat(s.panic().rate()).isCloseTo(1120 / 6.0, within(1e-9));
        assertThat(s.newestRate()).isCloseTo(400.0, within(1e-9));
    }

    @Test
    void oneSecondsBurstAloneDoesNotRaiseTheNewestRate() {
        steady(window, 0, 69, 80, 40, 0);
        steady(window, 69, 70, 800, 40, 0);

        WindowSnapshot s = window.snapshot(at(70.0));

        // seconds 68 and 69 carried 80 and 800: the rate both reached is 80
        assertThat(s.newestRate()).isCloseTo(80.0, within(1e-9));
        assertThat(s.panic().rate()).isCloseTo((5 * 80 + 800) / 6.0, within(1e-9));
    }

    @Test
    void theNewestRateIsUnknownUntilTheWindowHoldsTwoSeconds() {
        steady(window, 0, 1, 80, 40, 0);

        assertThat(window.snapshot(at(1.0)).newestRate()).isNaN(); // one second of data
        steady(window, 1, 2, 80, 40, 0);
        assertThat(window.snapshot(at(2.0)).newestRate()).isCloseTo(80.0, within(1e-9));
    }

    @Test
    void errorRatioCountsFiveHundredsOverEachSpan() {
        steady(window, 0, 64, 100, 10, 1);   // 1 % errors
        steady(window, 64, 70, 100, 10, 20); // then 20 %

        WindowSnapshot s = window.snapshot(at(70.0));

        // stable: 54 × 1 + 6 × 20 = 174 errors of 6,000 = 0.029; panic: 120 of 600 = 0.2
        assertThat(s.stable().errors()).isEqualTo(174);
        assertThat(s.stable().errorRatio()).isCloseTo(0.029, within(1e-12));
        assertThat(s.panic().errors()).isEqualTo(120);
        assertThat(s.panic().errorRatio()).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void statusJustBelowFiveHundredIsNoError() {
        window.recordRequest(millis(0.1), 5, 499, 0, at(0.1));
        window.recordRequest(millis(0.2), 5, 500, 0, at(0.2));

        assertThat(window.snapshot(at(1.0)).stable().errors()).isEqualTo(1);
    }

    @Test
    void quantilesComeFromTheMergedSketchesWithinOnePercent() {
        // 1,000 requests with latencies 1, 2, …, 1,000 ms, spread over seconds 10–19
        for (int latency = 1; latency <= 1000; latency++) {
            long ts = millis(10 + (latency - 1) / 100);
            window.recordRequest(ts, latency, 200, 0, at(20));
        }

        WindowSnapshot s = window.snapshot(at(20.0));

        // ranks q × (n − 1): p50 ≈ 500 ms, p95 ≈ 950 ms, p99 ≈ 990 ms; 1 % sketch + 1 rank of slack
        assertThat(s.stable().p50Ms()).isCloseTo(500, withinPercentage(1.5));
        assertThat(s.stable().p95Ms()).isCloseTo(950, withinPercentage(1.5));
        assertThat(s.stable().p99Ms()).isCloseTo(990, withinPercentage(1.5));
        // panic, seconds 14–19: latencies 401–1,000 ms; p50 ≈ 700 ms
        assertThat(s.panic().p50Ms()).isCloseTo(700, withinPercentage(1.5));
    }

    @Test
    void quantilesAreNaNAndRatiosZeroWithoutRequests() {
        window.recordDemand(millis(5), DemandKind.QUEUE_DEPTH, 10, at(5));

        WindowSnapshot s = window.snapshot(at(6.0));

        assertThat(s.stable().count()).isZero();
        assertThat(s.stable().p50Ms()).isNaN();
        assertThat(s.stable().p95Ms()).isNaN();
        assertThat(s.stable().p99Ms()).isNaN();
        assertThat(s.stable().errorRatio()).isZero();
        assertThat(s.stable().rate()).isZero();
    }

    @ParameterizedTest(name = "first request at {0} s, read at {1} s → span {2} s, stable rate {3}")
    @CsvSource({
            // 500 req/s from second 0: read at 10.4, seconds 0–9 hold 5,000 → 5,000 / 10 = 500
            "0.0, 10.4, 10, 500.0, 6",
            // from 0.3 s: second 0 holds 350, seconds 1–9 4,500 → 4,850 / 10 = 485 (first second partial)
            "0.3, 10.4, 10, 485.0, 6",
            // read at 3.0: span 3 s for both spans, 1,500 / 3 = 500
            "0.0,  3.0,  3, 500.0, 3",
            // read at 100: the full 60 s (seconds 40–99), 30,000 / 60 = 500
            "0.0, 100.0, 60, 500.0, 6",
    })
    void aServiceFirstSeenRecentlyIsReadOverTheSecondsItHasExisted(double firstAt, double readAt,
                                                                   long spanSeconds, double rate, long panicSeconds) {
        for (long ms = millis(firstAt); ms < millis(readAt); ms += 2) { // 500 req/s
            window.recordRequest(ms, 10, 200, 0, Instant.ofEpochMilli(ms));
        }

        WindowSnapshot s = window.snapshot(at(readAt));

        assertThat(s.stable().span()).isEqualTo(Duration.ofSeconds(spanSeconds));
        assertThat(s.stable().rate()).isCloseTo(rate, within(1e-9));
        assertThat(s.panic().span()).isEqualTo(Duration.ofSeconds(panicSeconds));
        assertThat(s.panic().rate()).isCloseTo(500.0, within(1e-9));
    }

    @Test
    void theCurrentPartialSecondCountsOnlyFromTheNextSecondOn() {
        steady(window, 0, 70, 100, 10, 0);
        for (int i = 0; i < 1000; i++) { // a burst of 1,000 in 70.000–70.499
            window.recordRequest(millis(70) + i / 2, 10, 200, 0, at(70.5));
        }

        // at 70.5 the stable span is still seconds 10–69: 6,000 / 60 = 100
        assertThat(window.snapshot(at(70.5)).stable().rate()).isCloseTo(100.0, within(1e-9));
        // at 71.0 it is seconds 11–70: 59 × 100 + 1,000 = 6,900 / 60 = 115
        assertThat(window.snapshot(at(71.0)).stable().rate()).isCloseTo(115.0, within(1e-9));
        // and the panic span, seconds 65–70: 5 × 100 + 1,000 = 1,500 / 6 = 250
        assertThat(window.snapshot(at(71.0)).panic().rate()).isCloseTo(250.0, within(1e-9));
    }

    @Test
    void bucketsLeaveTheWindowAsTheClockAdvances() {
        steady(window, 0, 10, 100, 10, 0); // 1,000 requests, seconds 0–9

        assertThat(window.snapshot(at(10.0)).stable().count()).isEqualTo(1000); // seconds 0–9, span 10 s
        assertThat(window.snapshot(at(60.0)).stable().count()).isEqualTo(1000); // seconds 0–59
        assertThat(window.snapshot(at(61.0)).stable().count()).isEqualTo(900);  // seconds 1–60
        assertThat(window.snapshot(at(69.0)).stable().count()).isEqualTo(100);  // seconds 9–68
        assertThat(window.snapshot(at(69.0)).stable().rate()).isCloseTo(100.0 / 60, within(1e-9));
        assertThat(window.snapshot(at(70.0)).stable().count()).isZero();        // seconds 10–69
        assertThat(window.snapshot(at(120.0)).stable().count()).isZero();
    }

    @Test
    void aRecycledBucketStartsFromZero() {
        steady(window, 0, 10, 100, 10, 0);
        // The ring has 62 slots: second 124 takes the slot second 0 (and 62) had.
        for (int i = 0; i < 7; i++) {
            window.recordRequest(millis(124) + i, 10, 200, 0, at(124.5));
        }

        WindowSnapshot s = window.snapshot(at(130.0)); // seconds 70–129

        assertThat(s.stable().count()).isEqualTo(7); // not 107: second 0's 100 left with it
        assertThat(s.panic().count()).isEqualTo(7);  // seconds 124–129
    }

    @Test
    void aTenMinuteSweepKeepsTheFiguresRightWithTheSameRing() {
        steady(window, 0, 600, 50, 20, 1); // 30,000 requests, now following the events

        WindowSnapshot s = window.snapshot(at(600.0));

        // 62 slots reused ~10 times each: only seconds 540–599 are read, 60 × 50 = 3,000
        assertThat(s.stable().count()).isEqualTo(3000);
        assertThat(s.stable().rate()).isCloseTo(50.0, within(1e-9));
        assertThat(s.stable().concurrency()).isCloseTo(1.0, within(1e-9)); // 50/s × 20 ms
        assertThat(s.stable().errors()).isEqualTo(60);
        assertThat(s.panic().count()).isEqualTo(300);
        assertThat(window.recordedRequests()).isEqualTo(30_000);
        assertThat(window.recordedEvents()).isEqualTo(30_000);
        assertThat(window.lateEvents()).isZero();
        assertThat(window.ringLength()).isEqualTo(67);
    }

    @Test
    void invalidRequestFiguresAreRefusedWithTheValue() {
        assertThatThrownBy(() -> window.recordRequest(millis(1), -1, 200, 0, at(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("latencyMs must be >= 0, but was -1");
        assertThatThrownBy(() -> window.recordSummary(millis(1), 1000, 5, 6, 0, 0, 0, at(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("errors must be in [0, count=5], but was 6");
    }
}
