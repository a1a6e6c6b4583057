package io.microscaler.window;

import static io.microscaler.window.WindowClock.at;
import static io.microscaler.window.WindowClock.millis;
import static io.microscaler.window.WindowClock.steady;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A log shipper's heartbeats in the window: liveness apart from data, per source, bounded. */
class ServiceWindowHeartbeatTest {

    /** 10 s stable span, 2 s panic, 3 s staleness, 1 s skew. */
    private final ServiceWindow window = new ServiceWindow("iiif",
            new WindowSettings(Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(1)));

    @Test
    void aHeartbeatFromTheFutureOrOlderThanTheRingIsRefusedAndChangesNothing() {
        assertThat(window.recordHeartbeat("h", millis(22), at(20))).isEqualTo(RecordOutcome.AHEAD);
        assertThat(window.recordHeartbeat("h", millis(8), at(20))).isEqualTo(RecordOutcome.LATE);

        WindowSnapshot s = window.snapshot(at(20));
        assertThat(s.pipeline()).isEqualTo(Pipeline.NONE);
        assertThat(s.state()).isEqualTo(WindowState.UNKNOWN);
        assertThat(window.lateEvents()).isEqualTo(1);
    }

    @Test
    void withoutAShipperTheReadingEndsAtTheCurrentSecondAsBefore() {
        steady(window, 0, 10, 10, 20, 0);

        WindowSnapshot s = window.snapshot(at(12.5)); // requests stopped at 10 s; no shipper

        assertThat(s.stable().count()).isEqualTo(80); // seconds 2–11: 2 of them empty
        assertThat(s.pipeline().idle()).isFalse();
    }

    @Test
    void withAShipperTheReadingEndsWhereThePipelineLastVouched() {
        steady(window, 0, 10, 10, 20, 0);
        window.recordHeartbeat("h", millis(9.9), at(9.9));

        WindowSnapshot s = window.snapshot(at(12.5)); // nothing since 9.9 s: seconds 0–8 only

        assertThat(s.stable().count()).isEqualTo(90);
        assertThat(s.stable().span()).isEqualTo(Duration.ofSeconds(9));

        window.recordHeartbeat("h", millis(12.1), at(12.1)); // the shipper is live: seconds 9–11 were quiet
        WindowSnapshot idle = window.snapshot(at(13.5));
        assertThat(idle.stable().count()).isEqualTo(80); // seconds 2–11, of which 10 and 11 were quiet
        assertThat(idle.stable().span()).isEqualTo(Duration.ofSeconds(10));
        assertThat(idle.pipeline().idle()).isTrue(); // the last request (9.9 s) is 3.6 s old, the heartbeat 1.4 s
        assertThat(idle.state()).isEqualTo(WindowState.OK);
        assertThat(window.snapshot(at(13.0)).pipeline().liveSources()).isEqualTo(1);
    }

    @Test
    void sourcesAreLiveSilentOrForgotten() {
        window.recordHeartbeat("a", millis(0.5), at(0.5));
        window.recordHeartbeat("b", millis(0.5), at(0.5));
        window.recordHeartbeat("c", millis(0.5), at(0.5));
        for (int s = 1; s <= 12; s++) {
            window.recordHeartbeat("a", millis(s + 0.5), at(s + 0.5));
            if (s <= 5) {
                window.recordHeartbeat("b", millis(s + 0.5), at(s + 0.5));
            }
        }

        Pipeline p = window.snapshot(at(13)).pipeline();

        assertThat(p.idle()).isTrue();
        assertThat(p.liveSources()).isEqualTo(1);                // a
        assertThat(p.silentSources()).containsExactly("b");      // last at 5.5 s: silent 7.5 s, within the 10 s span
        assertThat(p.lastHeartbeatAt()).isEqualTo(at(12.5));     // c (0.5 s) is forgotten
    }

    @Test
    void aSilentShipperIsNamedAtMostFiveTimesAndSourcesAreBounded() {
        for (int i = 0; i < SourceHeartbeats.MAX_SOURCES + 10; i++) {
            window.recordHeartbeat("s-" + i, millis(0.5), at(0.5));
        }
        window.recordHeartbeat("live", millis(5.5), at(5.5));

        Pipeline p = window.snapshot(at(6)).pipeline();

        assertThat(p.silentSources()).hasSize(Pipeline.MAX_NAMED);
        assertThat(p.liveSources()).isEqualTo(1); // "live" came when the table was full: still a sign of life
        assertThat(p.idle()).isTrue();
    }
}
