package io.microscaler.window;

import static io.microscaler.window.WindowClock.at;
import static io.microscaler.window.WindowClock.millis;
import static io.microscaler.window.WindowClock.steady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Event time at the edges of the ring: late events, events ahead of the reader, summaries. */
class ServiceWindowEventTimeTest {

    private final ServiceWindow window = new ServiceWindow("iiif", WindowSettings.DEFAULTS);

    @ParameterizedTest(name = "event at {0} s read at 100 s → {1}")
    @CsvSource({
            // the ring holds 62 seconds: 100 − 60 − 1 = 39 is the oldest second accepted
            "39.0,   RECORDED",
            "39.999, RECORDED",
            "38.999, LATE",
            "0.0,    LATE",
            "99.999, RECORDED",
            "100.5,  RECORDED", // the current second
    })
    void anEventOlderThanTheRingIsLate(double eventAt, RecordOutcome expected) {
        RecordOutcome outcome = window.recordRequest(millis(eventAt), 10, 200, 0, at(100.0));

        assertThat(outcome).isEqualTo(expected);
        assertThat(window.lateEvents()).isEqualTo(expected == RecordOutcome.LATE ? 1 : 0);
        assertThat(window.recordedEvents()).isEqualTo(expected == RecordOutcome.RECORDED ? 1 : 0);
    }

    @Test
    void lateEventsAreCountedAndDroppedForEveryKind() {
        steady(window, 90, 100, 10, 10, 0); // 100 requests

        assertThat(window.recordRequest(millis(30), 10, 200, 0, at(100))).isEqualTo(RecordOutcome.LATE);
        // a summary stamped 39.000 covers second 38: late; stamped 40.000 covers 39: kept
        assertThat(window.recordSummary(millis(39), 1000, 50, 0, 500, 10, 0, at(100)))
                .isEqualTo(RecordOutcome.LATE);
        assertThat(window.recordSummary(millis(40), 1000, 50, 0, 500, 10, 0, at(100)))
                .isEqualTo(RecordOutcome.RECORDED);
        assertThat(window.recordDemand(millis(20), DemandKind.QUEUE_DEPTH, 5, at(100)))
                .isEqualTo(RecordOutcome.LATE);

        assertThat(window.lateEvents()).isEqualTo(3);
        assertThat(window.recordedEvents()).isEqualTo(101);
        assertThat(window.recordedRequests()).isEqualTo(150);
        // second 39 is in the ring but not in the span (seconds 40–99): only the 100 requests
        assertThat(window.snapshot(at(100)).stable().count()).isEqualTo(100);
    }

    @Test
    void anEventAheadOfTheReaderIsRecordedAndReadWhenItsSecondIsPast() {
        steady(window, 90, 100, 10, 10, 0);
        window.recordRequest(millis(103.5), 10, 200, 0, at(100.2)); // a server clock 3.3 s fast

        assertThat(window.snapshot(at(100.5)).stable().count()).isEqualTo(100);
        assertThat(window.snapshot(at(104.0)).stable().count()).isEqualTo(101);
        assertThat(window.recordedEvents()).isEqualTo(101);
    }

    @Test
    void anEventAsFarAheadAsTheSkewAllowsRecyclesNoSecondTheStableSpanReads() {
        steady(window, 0, 100, 100, 10, 0);
        // 5 s ahead, the default maxFutureSkew: head 105, and the ring keeps 5 s of room for it
        assertThat(window.recordRequest(millis(105), 10, 200, 0, at(100.0))).isEqualTo(RecordOutcome.RECORDED);

        WindowSnapshot s = window.snapshot(at(100.0));

        assertThat(s.stable().span()).isEqualTo(Duration.ofSeconds(60)); // seconds 40–99, all of them
        assertThat(s.stable().count()).isEqualTo(6000);
        assertThat(window.recordRequest(millis(40.5), 10, 200, 0, at(100.0))).isEqualTo(RecordOutcome.RECORDED);
    }

    @Test
    void oneEventFromAClockFiftyFiveSecondsFastIsRefusedAndBlindsNothing() {
        // 100 req/s; one producer's clock is 55 s fast. Before the window refused it, that one event
        // moved the ring 55 s ahead: the rate read 0 and real events were dropped as late for 22 s.
        steady(window, 0, 100, 100, 10, 0);

        RecordOutcome outcome = window.recordRequest(millis(155), 10, 200, 0, at(100.0));
        steady(window, 100, 110, 100, 10, 0);

        assertThat(outcome).isEqualTo(RecordOutcome.AHEAD);
        WindowSnapshot s = window.snapshot(at(110.0));
        assertThat(s.stable().rate()).isCloseTo(100.0, within(1e-9));
        assertThat(s.panic().rate()).isCloseTo(100.0, within(1e-9));
        assertThat(window.lateEvents()).isZero();
        assertThat(window.recordSummary(millis(170), 1000, 5, 0, 50, 10, 0, at(110.0))).isEqualTo(RecordOutcome.AHEAD);
        assertThat(window.recordDemand(millis(170), DemandKind.QUEUE_DEPTH, 5, at(110.0))).isEqualTo(RecordOutcome.AHEAD);
    }

    @Test
    void aSummaryGoesToTheLastSecondOfItsInterval() {
        // stamped 10.000 for 9.000–9.999: 420 requests, 3 failed, 35,280 ms in all, max 410 ms
        RecordOutcome outcome = window.recordSummary(millis(10), 1000, 420, 3, 35_280, 410, 12, at(10));

        WindowSnapshot s = window.snapshot(at(10.0)); // second 9 is whole: span 1 s

        assertThat(outcome).isEqualTo(RecordOutcome.RECORDED);
        assertThat(s.state()).isEqualTo(WindowState.OK);
        assertThat(s.stable().span()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.stable().rate()).isCloseTo(420.0, within(1e-9));
        assertThat(s.stable().concurrency()).isCloseTo(35.28, within(1e-9)); // 35.28 s of latency in 1 s
        assertThat(s.stable().errorRatio()).isCloseTo(3.0 / 420, within(1e-12));
        assertThat(s.stable().inFlight()).isEqualTo(12.0);
        // the sketch holds 419 × 84 ms (the mean) and 1 × 410 ms (the max)
        assertThat(s.stable().p50Ms()).isCloseTo(84, within(84 * 0.01));
        assertThat(s.stable().p99Ms()).isCloseTo(84, within(84 * 0.01));
        assertThat(window.recordedRequests()).isEqualTo(420);
        assertThat(window.recordedEvents()).isEqualTo(1);
    }

    @Test
    void aFirstLongSummaryCountsOverItsWholeInterval() {
        // 10 s of traffic summed in one event stamped 10.000: 5,000 requests
        window.recordSummary(millis(10), 10_000, 5000, 0, 50_000, 30, 4, at(10));

        WindowSnapshot s = window.snapshot(at(10.0));

        // the service counts as seen from second 0: 5,000 / 10 s = 500, not 5,000 / 1 s
        assertThat(s.stable().span()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.stable().rate()).isCloseTo(500.0, within(1e-9));
    }

    @Test
    void inFlightIsTheLargestReportedInTheSpan() {
        window.recordSummary(millis(51), 1000, 10, 0, 100, 10, 30, at(51)); // second 50
        window.recordSummary(millis(66), 1000, 10, 0, 100, 10, 12, at(66)); // second 65
        window.recordSummary(millis(69), 1000, 10, 0, 100, 10, 8, at(69));  // second 68

        WindowSnapshot s = window.snapshot(at(70.0));

        assertThat(s.stable().inFlight()).isEqualTo(30.0); // seconds 10–69 (span 20 s: seen from 50)
        assertThat(s.panic().inFlight()).isEqualTo(12.0);  // seconds 64–69
    }

    @Test
    void requestsCarryNoInFlightFigure() {
        steady(window, 0, 10, 10, 10, 0);

        assertThat(window.snapshot(at(10.0)).stable().inFlight()).isZero();
    }
}
