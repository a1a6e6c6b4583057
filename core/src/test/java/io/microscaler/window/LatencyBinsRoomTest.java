package io.microscaler.window;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a slot's bins keep when the ring reuses them for a new second. */
class LatencyBinsRoomTest {

    @Test
    void aSecondAsBusyAsTheLastKeepsItsArrays() {
        LatencyBins bins = new LatencyBins();
        fill(bins, 300); // 300 distinct bins: the arrays grow to 512
        int room = bins.room();
        assertThat(room).isGreaterThan(256);
        for (int second = 0; second < 5; second++) {
            bins.clear();
            assertThat(bins.room()).as("second %d", second).isEqualTo(room);
            assertThat(bins.isEmpty()).isTrue();
            fill(bins, 300);
        }
    }

    @Test
    void aLoadThatRisesAndFallsFivefoldKeepsItsArrays() {
        LatencyBins bins = new LatencyBins();
        fill(bins, 400);
        int room = bins.room();
        for (int second = 0; second < 6; second++) {
            bins.clear();
            assertThat(bins.room()).as("second %d", second).isEqualTo(room);
            fill(bins, second % 2 == 0 ? 80 : 400);
        }
    }

    @Test
    void aBurstsArraysAreGivenBackWhenTheSlotNextHoldsAQuietSecond() {
        LatencyBins bins = new LatencyBins();
        fill(bins, 500);
        bins.clear(); // the burst second leaves: its arrays are kept, the next second may be as busy
        assertThat(bins.room()).isGreaterThanOrEqualTo(500);
        fill(bins, 20);
        bins.clear(); // a quiet second leaves arrays far too big for it: given back
        assertThat(bins.room()).isLessThanOrEqualTo(128);
        fill(bins, 20);
        assertThat(bins.binCount()).isEqualTo(20);
    }

    /** {@code distinct} latencies far enough apart to fall in distinct bins. */
    private static void fill(LatencyBins bins, int distinct) {
        for (int i = 0; i < distinct; i++) {
            bins.accept(Math.pow(1.03, i + 1));
        }
        assertThat(bins.binCount()).isEqualTo(distinct);
    }
}
