package io.microscaler.window;

import static io.microscaler.window.WindowClock.at;
import static io.microscaler.window.WindowClock.millis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Work apart from waiting: what servers report of their time at work and backlog, and what latency alone shows. */
class WorkStatsTest {

    private final ServiceWindow window = new ServiceWindow("iiif", WindowSettings.DEFAULTS);

    /** {@code perSecond} requests in each second of [from, to), each {@code latencyMs} long of which {@code serviceMs} at work. */
    private void requests(int from, int to, int perSecond, long latencyMs, long serviceMs) {
        for (int s = from; s < to; s++) {
            for (int i = 0; i < perSecond; i++) {
                window.recordRequest(millis(s + (i + 0.5) / perSecond), latencyMs, serviceMs, 200, 0, at(s + 1.0));
            }
        }
    }

    @Test
    void requestEventsWithTheirTimeAtWorkGiveItsMeanAndTheWaitingFromLittlesLaw() {
        requests(0, 70, 100, 40, 40);   // unqueued: at work all the time
        requests(64, 70, 60, 900, 50);  // the last 6 s: 60 more a second that queued 850 ms

        WindowSnapshot s = window.snapshot(at(70.0));

        WorkStats panic = s.panic().work();
        // 600 at 40 ms + 360 at 50 ms = 24 + 18 = 42 s at work over 960 requests: 43.75 ms
        assertThat(panic.serviceMs()).isCloseTo(43.75, within(1e-9));
        assertThat(panic.serviceCoverage()).isEqualTo(1.0);
        assertThat(panic.backlog()).isNaN(); // no server said
        WorkStats stable = s.stable().work();
        // 54 unqueued seconds at 40 ms, 6 at (100 × 40 + 60 × 900) / 160 = 362.5 ms: the 10th percentile is 40
        assertThat(stable.baselineLatencyMs()).isEqualTo(40.0);
    }

    @Test
    void summariesGiveBusyTimeAndBacklogAndHowFastTheBacklogGrows() {
        for (int s = 0; s < 70; s++) {
            long queued = s < 64 ? 0 : 240L * (s - 63); // growing by 240 a second in the last 6 s
            long count = 160;
            window.recordSummary(millis(s + 1.0), 1000, count, 0, count * (s < 64 ? 50 : 1000), 1000, 8,
                    count * 50, queued, at(s + 1.0));
        }

        WorkStats panic = window.snapshot(at(70.0)).panic().work();

        assertThat(panic.serviceMs()).isCloseTo(50.0, within(1e-9));
        assertThat(panic.backlog()).isEqualTo(240.0 * 6);
        assertThat(panic.backlogGrowthPerSecond()).isCloseTo(240.0, within(1e-9)); // (1,440 − 240) / 5 s
    }

    @Test
    void backlogsOfSeveralServersAddUpButOneServersSubSecondSummariesAverage() {
        // second 68: one server summarises every 500 ms (10, then 20 waiting), another once (30 waiting)
        window.recordSummary(millis(68.5), 500, 5, 0, 250, 50, 1, 250, 10, at(69.0));
        window.recordSummary(millis(69.0), 500, 5, 0, 250, 50, 1, 250, 20, at(69.0));
        window.recordSummary(millis(69.0), 1000, 10, 0, 500, 50, 1, 500, 30, at(69.0));

        WorkStats panic = window.snapshot(at(70.0)).panic().work();

        assertThat(panic.backlog()).isCloseTo(15.0 + 30.0, within(1e-9)); // not 10 + 20 + 30
    }

    @Test
    void withoutBacklogReportsTheGrowthIsTheSlopeOfRequestsInTheSystem() {
        // latency rising by 100 ms a second at 100 completions/s: 10 more in the system every second
        for (int s = 60; s < 70; s++) {
            for (int i = 0; i < 100; i++) {
                window.recordRequest(millis(s + (i + 0.5) / 100), 100L * (s - 59), 200, 0, at(s + 1.0));
            }
        }

        WorkStats panic = window.snapshot(at(70.0)).panic().work();

        assertThat(panic.backlogGrowthPerSecond()).isCloseTo(10.0, within(1e-9));
        assertThat(panic.serviceReported()).isFalse();
    }

    @Test
    void serversThatSayNothingOfWorkLeaveItUnknownButForTheBaselineLatency() {
        requests(0, 70, 10, 80, ServiceWindow.UNREPORTED);

        WorkStats stable = window.snapshot(at(70.0)).stable().work();

        assertThat(stable.serviceMs()).isNaN();
        assertThat(stable.serviceCoverage()).isZero();
        assertThat(stable.baselineLatencyMs()).isEqualTo(80.0);
        assertThat(stable.backlog()).isNaN();
    }

    @Test
    void aTimeAtWorkLongerThanTheLatencyIsRefused() {
        assertThatThrownBy(() -> window.recordRequest(millis(1), 40, 41, 200, 0, at(2.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serviceMs");
        assertThatThrownBy(() -> window.recordSummary(millis(1), 1000, 2, 0, 80, 40, 0, 81, 0, at(2.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("busyMsSum");
        assertThatThrownBy(() -> window.recordSummary(millis(1), 1000, 2, 0, 80, 40, 0, 80, -2, at(2.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queued");
    }
}
