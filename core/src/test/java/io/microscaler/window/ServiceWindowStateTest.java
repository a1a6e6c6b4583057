package io.microscaler.window;

import static io.microscaler.window.WindowClock.at;
import static io.microscaler.window.WindowClock.millis;
import static io.microscaler.window.WindowClock.steady;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whether a window can be acted on, and the demand levels it keeps. */
class ServiceWindowStateTest {

    private final ServiceWindow window = new ServiceWindow("ocr-worker", WindowSettings.DEFAULTS);

    @Test
    void aWindowThatNeverSawAnEventIsUnknown() {
        WindowSnapshot s = window.snapshot(at(0));

        assertThat(s.state()).isEqualTo(WindowState.UNKNOWN);
        assertThat(s.lastEventAt()).isNull();
        assertThat(s.demand()).isEmpty();
        assertThat(s.service()).isEqualTo("ocr-worker");
        assertThat(s.at()).isEqualTo(at(0));
    }

    @ParameterizedTest(name = "last request at 10.5 s, read at {0} s → {1}")
    @CsvSource({
            "11.0,   OK",
            "25.5,   OK",      // 15 s after it: still within staleAfter
            "25.501, UNKNOWN", // 15.001 s after it
            "300.0,  UNKNOWN",
    })
    void aServiceWhoseEventsStopBecomesUnknownAfterStaleAfter(double readAt, WindowState expected) {
        window.recordRequest(millis(10.5), 10, 200, 0, at(10.5));

        WindowSnapshot s = window.snapshot(at(readAt));

        assertThat(s.state()).isEqualTo(expected);
        assertThat(s.lastEventAt()).isEqualTo(at(10.5));
    }

    @ParameterizedTest(name = "first request at {0} s, read at {1} s → {2}")
    @CsvSource({
            "0.2, 0.8, UNKNOWN", // only the partial current second: a rate of 0 would mean "not measured"
            "0.2, 1.0, OK",      // second 0 is whole
    })
    void aServiceIsUnknownUntilItsFirstSecondIsWhole(double firstAt, double readAt, WindowState expected) {
        window.recordRequest(millis(firstAt), 10, 200, 0, at(firstAt));

        assertThat(window.snapshot(at(readAt)).state()).isEqualTo(expected);
    }

    @Test
    void zeroTrafficHeartbeatsKeepTheWindowKnownAtRateZero() {
        steady(window, 0, 10, 100, 10, 0);
        for (int s = 11; s <= 100; s++) { // empty 1-s summaries: the server is up and idle
            window.recordSummary(millis(s), 1000, 0, 0, 0, 0, 0, at(s));
        }

        WindowSnapshot s = window.snapshot(at(100.5));

        assertThat(s.state()).isEqualTo(WindowState.OK);
        assertThat(s.stable().rate()).isZero();
        assertThat(window.recordedRequests()).isEqualTo(1000);
    }

    @Test
    void demandEventsAreSignsOfLifeToo() {
        window.recordRequest(millis(0.5), 10, 200, 0, at(0.5));
        window.recordDemand(millis(20), DemandKind.QUEUE_DEPTH, 1200, at(20));

        assertThat(window.snapshot(at(30)).state()).isEqualTo(WindowState.OK);     // 10 s after the demand
        assertThat(window.snapshot(at(35.001)).state()).isEqualTo(WindowState.UNKNOWN);
        assertThat(window.snapshot(at(30)).lastEventAt()).isEqualTo(at(20));
    }

    @Test
    void warmingOverridesWhatTheEventsSay() {
        steady(window, 0, 10, 100, 10, 0);

        window.setWarming(true);
        assertThat(window.snapshot(at(10)).state()).isEqualTo(WindowState.WARMING);
        assertThat(window.snapshot(at(500)).state()).isEqualTo(WindowState.WARMING); // even when stale
        window.setWarming(false);
        assertThat(window.snapshot(at(10)).state()).isEqualTo(WindowState.OK);
    }

    @Test
    void theNewestDemandByEventTimeWinsEvenWhenAnOlderOneArrivesLater() {
        window.recordDemand(millis(10), DemandKind.QUEUE_DEPTH, 100, at(10));
        window.recordDemand(millis(12), DemandKind.QUEUE_DEPTH, 300, at(12));
        window.recordDemand(millis(11), DemandKind.QUEUE_DEPTH, 200, at(12.5)); // arrives last, measured before
        window.recordDemand(millis(12), DemandKind.DESIRED_TASKS, 7, at(12.5));

        Map<DemandKind, DemandSignal> demand = window.snapshot(at(13)).demand();

        assertThat(demand).containsOnly(
                Map.entry(DemandKind.QUEUE_DEPTH, new DemandSignal(DemandKind.QUEUE_DEPTH, 300, at(12))),
                Map.entry(DemandKind.DESIRED_TASKS, new DemandSignal(DemandKind.DESIRED_TASKS, 7, at(12))));
        assertThat(window.recordedEvents()).isEqualTo(4);
        assertThat(window.recordedRequests()).isZero();
    }

    @ParameterizedTest(name = "queue depth measured at 12 s, read at {0} s → present: {1}")
    @CsvSource({
            "12.0,   true",
            "27.0,   true",  // exactly staleAfter (15 s) old
            "27.001, false", // older than that: no longer a demand anyone should act on
    })
    void staleDemandIsLeftOutOfTheSnapshot(double readAt, boolean present) {
        window.recordDemand(millis(12), DemandKind.QUEUE_DEPTH, 300, at(12));

        assertThat(window.snapshot(at(readAt)).demand().containsKey(DemandKind.QUEUE_DEPTH)).isEqualTo(present);
    }

    @Test
    void shorterSettingsShrinkTheRingAndTheSpans() {
        ServiceWindow small = new ServiceWindow("s", new WindowSettings(
                Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(5)));
        steady(small, 0, 30, 10, 100, 0);

        WindowSnapshot s = small.snapshot(at(30));

        assertThat(small.ringLength()).isEqualTo(17); // 10 + 2 + 5 s of room for clocks running fast
        assertThat(s.stable().count()).isEqualTo(100); // seconds 20–29
        assertThat(s.panic().count()).isEqualTo(20);   // seconds 28–29
        // 30 − 10 − 1 = 19 is the oldest second accepted
        assertThat(small.recordRequest(millis(18.9), 1, 200, 0, at(30))).isEqualTo(RecordOutcome.LATE);
        assertThat(small.recordRequest(millis(19.0), 1, 200, 0, at(30))).isEqualTo(RecordOutcome.RECORDED);
    }
}
