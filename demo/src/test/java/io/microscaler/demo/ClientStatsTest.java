package io.microscaler.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ClientStatsTest {

    @Test
    void p95OfAHundredLatenciesIsTheNinetyFifthWithinOnePercent() {
        ClientStats s = new ClientStats(5, 0);
        for (int ms = 1; ms <= 100; ms++) {
            s.offered(100);
            s.succeeded(500, ms);
        }
        ClientSnapshot snap = s.snapshot(1000); // second 0 is complete
        assertThat(snap.p95Millis()).isPresent();
        assertThat(snap.p95Millis().getAsDouble()).isCloseTo(95, within(95 * 0.01 + 1e-9));
        assertThat(snap.windowSeconds()).isEqualTo(1);
        assertThat(snap.offeredPerSecond()).isEqualTo(100);
        assertThat(snap.servedPerSecond()).isEqualTo(100);
        assertThat(snap.line()).matches("offered 100/s served 100/s failed 0/s p95 9[45] ms");
    }

    @Test
    void ratesAverageTheCompleteSecondsOfTheWindowAndIgnoreTheCurrentOne() {
        ClientStats s = new ClientStats(3, 0);
        int[] offeredPerSecond = {10, 20, 30, 40, 50};
        for (int sec = 0; sec < offeredPerSecond.length; sec++) {
            for (int i = 0; i < offeredPerSecond[sec]; i++) {
                long t = sec * 1000L + i;
                s.offered(t);
                if (i % 10 == 0) {
                    s.failed(t);
                } else {
                    s.succeeded(t, 10);
                }
            }
        }
        ClientSnapshot at4500 = s.snapshot(4_500); // complete: seconds 1, 2, 3; second 4 is under way
        assertThat(at4500.windowSeconds()).isEqualTo(3);
        assertThat(at4500.offeredPerSecond()).isEqualTo((20 + 30 + 40) / 3.0);
        assertThat(at4500.failedPerSecond()).isEqualTo((2 + 3 + 4) / 3.0);
        assertThat(at4500.servedPerSecond()).isEqualTo((18 + 27 + 36) / 3.0);
        assertThat(at4500.offered()).isEqualTo(150);
        assertThat(at4500.succeeded() + at4500.failed()).isEqualTo(150);
        assertThat(at4500.outstanding()).isZero();

        ClientSnapshot later = s.snapshot(9_000); // seconds 6..8 had nothing: the window moved past them
        assertThat(later.offeredPerSecond()).isZero();
        assertThat(later.p95Millis()).isEmpty();
        assertThat(later.offered()).as("totals stay").isEqualTo(150);
    }

    @Test
    void theP95FollowsTheWindowAsSlowSecondsLeaveIt() {
        ClientStats s = new ClientStats(2, 0);
        for (int i = 0; i < 100; i++) {
            s.succeeded(0 + i, 1000); // second 0: slow
            s.succeeded(1000 + i, 10); // seconds 1 and 2: fast
            s.succeeded(2000 + i, 10);
        }
        assertThat(s.snapshot(2000).p95Millis().getAsDouble()).isCloseTo(1000, within(10.0));
        assertThat(s.snapshot(3000).p95Millis().getAsDouble()).isCloseTo(10, within(0.1));
        // the newest second alone is fast as soon as it is complete, while the 2 s window still holds second 0
        assertThat(s.snapshot(1000).p95LastSecondMillis().getAsDouble()).isCloseTo(1000, within(10.0));
        assertThat(s.snapshot(2000).p95LastSecondMillis().getAsDouble()).isCloseTo(10, within(0.1));
        assertThat(s.snapshot(900).p95LastSecondMillis()).isEmpty();
    }

    @Test
    void beforeTheFirstSecondEndsThereAreTotalsButNoRates() {
        ClientStats s = new ClientStats(5, 0);
        s.offered(10);
        s.offered(20);
        s.dropped(20);
        ClientSnapshot snap = s.snapshot(900);
        assertThat(snap.windowSeconds()).isZero();
        assertThat(snap.offeredPerSecond()).isZero();
        assertThat(snap.offered()).isEqualTo(2);
        assertThat(snap.dropped()).isEqualTo(1);
        assertThat(snap.failed()).as("a dropped request failed").isEqualTo(1);
        assertThat(snap.outstanding()).isEqualTo(1);
        assertThat(snap.line()).endsWith("p95 -");
    }

    @Test
    void inTheFirstSecondsTheRatesDivideByTheSecondsSoFar() {
        ClientStats s = new ClientStats(10, 0);
        for (int i = 0; i < 50; i++) {
            s.offered(i);
            s.offered(1000 + i);
        }
        assertThat(s.snapshot(2000).windowSeconds()).isEqualTo(2);
        assertThat(s.snapshot(2000).offeredPerSecond()).isEqualTo(50);
    }
}
