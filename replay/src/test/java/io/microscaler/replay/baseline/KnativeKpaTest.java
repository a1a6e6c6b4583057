package io.microscaler.replay.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.microscaler.replay.model.SecondSample;
import io.microscaler.replay.model.TaskCounts;
import org.junit.jupiter.api.Test;

/** Target 2.8 in flight per pod (70 % of 4); a decision every 2 s. */
class KnativeKpaTest {

    private static KnativeKpa kpa() {
        return new KnativeKpa(2.8, 1, 100);
    }

    private static void feed(KnativeKpa k, long from, int seconds, double concurrency) {
        for (long s = from; s < from + seconds; s++) {
            k.onSecond(new SecondSample(s, 0, 0, 0, concurrency, 1));
        }
    }

    @Test
    void theStableWindowAveragesTheLastSixtySeconds() {
        KnativeKpa k = kpa();
        feed(k, 0, 30, 0);
        feed(k, 30, 30, 11.1);
        assertThat(k.average(60)).isCloseTo(5.55, within(1e-9));
        // ceil(5.55 / 2.8) = 2; the 6 s panic window reads 11.1: ceil(3.96) = 4 on 2 ready pods is 2× → panic
        assertThat(k.desired(60, new TaskCounts(2, 2, 0))).isEqualTo(4);
        assertThat(k.panicking()).isTrue();
    }

    @Test
    void withFewerSamplesThanTheWindowTheAverageIsOverThoseThereAre() {
        KnativeKpa k = kpa();
        feed(k, 0, 10, 5.6);
        assertThat(k.average(60)).isCloseTo(5.6, within(1e-9));
    }

    @Test
    void panicStartsAtTwiceTheReadyPodsAndNotBelow() {
        // 2 ready pods; stable load 2.8 (1 pod's worth). Panic window at 10: ceil(10 / 2.8) = 4 = 2 × 2 → panic
        KnativeKpa over = kpa();
        feed(over, 0, 54, 2);
        feed(over, 54, 6, 10);
        assertThat(over.average(60)).isCloseTo(2.8, within(1e-9));
        assertThat(over.desired(60, new TaskCounts(2, 2, 0))).isEqualTo(4);
        assertThat(over.panicking()).isTrue();
        // Panic window at 8: ceil(2.86) = 3 < 4: stable mode, ceil(2.8 / 2.8) = 1
        KnativeKpa under = kpa();
        feed(under, 0, 54, 2.2);
        feed(under, 54, 6, 8);
        assertThat(under.desired(60, new TaskCounts(2, 2, 0))).isEqualTo(1);
        assertThat(under.panicking()).isFalse();
    }

    @Test
    void noScaleDownWhilePanickingUntilAStableWindowWithoutTheCondition() {
        KnativeKpa k = kpa();
        feed(k, 0, 54, 2);
        feed(k, 54, 6, 10);
        assertThat(k.desired(60, new TaskCounts(2, 2, 0))).isEqualTo(4); // panic from 60
        feed(k, 60, 2, 0.5);
        long s = 62;
        for (; s <= 120; s += 2) { // the condition is gone, the stable window still says 1–2
            assertThat(k.desired(s, new TaskCounts(4, 4, 0))).as("at %d s", s).isEqualTo(4);
            feed(k, s, 2, 0.5);
        }
        // 60 + 60 < 122: panic ends, the stable window (all 0.5 by now) rules: ceil(0.5 / 2.8) = 1,
        // but at most halved per decision (max-scale-down-rate 2): floor(4 / 2) = 2
        assertThat(k.desired(122, new TaskCounts(4, 4, 0))).isEqualTo(2);
        assertThat(k.panicking()).isFalse();
    }

    @Test
    void itDecidesEveryTwoSecondsOnly() {
        KnativeKpa k = kpa();
        feed(k, 0, 61, 28);
        assertThat(k.desired(61, new TaskCounts(1, 1, 0))).isEqualTo(1);
        assertThat(k.desired(62, new TaskCounts(1, 1, 0))).isEqualTo(10);
    }

    @Test
    void noDataNoScaling() {
        assertThat(kpa().desired(0, new TaskCounts(3, 3, 0))).isEqualTo(3);
    }

    @Test
    void scaleUpIsLimitedToAThousandTimesTheReadyPods() {
        KnativeKpa k = new KnativeKpa(0.001, 1, 1_000_000);
        feed(k, 0, 60, 10_000);
        assertThat(k.desired(60, new TaskCounts(1, 1, 0))).isEqualTo(1000);
    }
}
