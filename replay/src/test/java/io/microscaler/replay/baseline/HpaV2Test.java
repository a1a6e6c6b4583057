package io.microscaler.replay.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.replay.model.SecondSample;
import io.microscaler.replay.model.TaskCounts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Target 70 requests/s per pod; syncs every 15 s on a rate scraped every 30 s. */
class HpaV2Test {

    private static HpaV2 hpa() {
        return new HpaV2(70, 1, 50);
    }

    @ParameterizedTest(name = "{0} req/s on {1} ready pods → {2}")
    @CsvSource({
        "210, 3, 3",    // ratio 1.00
        "220.5, 3, 3",  // ratio 1.05: within the 10 % tolerance
        "189, 3, 3",    // ratio 0.90: on the edge, still within
        "241.5, 3, 4",  // ratio 1.15: ceil(3 × 1.15) = 4
        "105, 3, 2",    // ratio 0.50: ceil(1.5) = 2
        "1400, 3, 20",  // ratio 6.67: ceil(20)
    })
    void theToleranceBandHoldsAndOutsideItTheRatioScales(double rate, int ready, int expected) {
        assertThat(hpa().replicasForMetric(rate, ready, ready, 0)).isEqualTo(expected);
    }

    @Test
    void notYetReadyPodsCountAsIdleWhenScalingUp() {
        // 280 req/s on 2 ready pods is ratio 2; with the 2 starting pods at 0 it is 280 / (4 × 70) = 1: hold
        assertThat(hpa().replicasForMetric(280, 4, 2, 2)).isEqualTo(4);
        // 420 req/s: 420 / 280 = 1.5 → ceil(1.5 × 4) = 6
        assertThat(hpa().replicasForMetric(420, 4, 2, 2)).isEqualTo(6);
    }

    @Test
    void theScaleDownStabilisationWindowHoldsTheHighestRecommendationFor300Seconds() {
        HpaV2 h = hpa();
        assertThat(h.stabilise(0, 6, 6)).isEqualTo(6);
        for (long t = 15; t < 300; t += 15) {
            assertThat(h.stabilise(t, 6, 2)).as("at %d s", t).isEqualTo(6);
        }
        assertThat(h.stabilise(300, 6, 2)).isEqualTo(2); // the 6 of t = 0 has left the window
    }

    @Test
    void scaleUpIsNotStabilised() {
        HpaV2 h = hpa();
        assertThat(h.stabilise(0, 2, 2)).isEqualTo(2);
        assertThat(h.stabilise(15, 2, 9)).isEqualTo(9);
    }

    @ParameterizedTest(name = "{0} → {1} limited to {2}")
    @CsvSource({
        "1, 20, 5",   // +4 pods beats +100 %
        "3, 20, 7",   // +4 pods (7) beats +100 % (6)
        "10, 50, 20", // +100 % (20) beats +4 pods (14)
        "3, 5, 5",    // within the limit
        "10, 1, 1",   // scale-down: up to 100 % per 15 s, so no limit
    })
    void theDefaultScaleUpPolicyIsTheLargerOfFourPodsAndDoublingPer15Seconds(int current, int desired, int limited) {
        assertThat(hpa().limitRate(0, current, desired)).isEqualTo(limited);
    }

    @Test
    void theScaleUpLimitCountsFromTheReplicasAtThePeriodsStart() {
        // End to end at 1,400 req/s (20 pods' worth) from 3 pods: 3 → 7 → 14 → 20, one sync apart
        HpaV2 h = hpa();
        int desired = 3;
        int[] at = new int[121];
        for (int s = 0; s <= 120; s++) {
            desired = h.desired(s, new TaskCounts(desired, desired, 0));
            at[s] = desired;
            h.onSecond(new SecondSample(s, 1400, 1400, 0, 0, desired));
        }
        assertThat(at[59]).isEqualTo(3);  // no rate before two scrapes (30 s, 60 s)
        assertThat(at[60]).isEqualTo(7);
        assertThat(at[75]).isEqualTo(14);
        assertThat(at[90]).isEqualTo(20);
    }

    @Test
    void theMetricIsTheRateOverTheLastScrapeIntervalSoItLags() {
        HpaV2 h = hpa();
        for (int s = 0; s < 150; s++) {
            int rate = s < 100 ? 70 : 700; // a step at 100 s
            h.onSecond(new SecondSample(s, rate, rate, 0, 0, 1));
            if (s == 104) {
                assertThat(h.metricRate()).isEqualTo(70.0); // scrapes at 60 and 90: nothing of the step
            }
            if (s == 119) {
                assertThat(h.metricRate()).isEqualTo((10 * 70 + 20 * 700) / 30.0); // window 90–120
            }
            if (s == 149) {
                assertThat(h.metricRate()).isEqualTo(700.0);
            }
        }
    }

    @Test
    void droppedResponsesCountInTheRate() {
        HpaV2 h = hpa();
        for (int s = 0; s < 60; s++) {
            h.onSecond(new SecondSample(s, 100, 60, 40, 0, 1));
        }
        assertThat(h.metricRate()).isEqualTo(100.0);
    }
}
