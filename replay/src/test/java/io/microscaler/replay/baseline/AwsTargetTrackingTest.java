package io.microscaler.replay.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.replay.model.SecondSample;
import io.microscaler.replay.model.TaskCounts;
import java.util.function.LongToIntFunction;
import org.junit.jupiter.api.Test;

/**
 * Target 4,200 requests per target per minute (70/s); datapoints are visible a minute after their
 * minute ends and the alarms evaluate on the minute. Driven as the simulation drives it: at each
 * second {@code desired} first, then that second's totals.
 */
class AwsTargetTrackingTest {

    private static final double TARGET = 4200;

    /** Drives the policy; tasks start at once (running = desired), load per second from {@code rate}. */
    private static final class Driver {
        final AwsTargetTracking aws = new AwsTargetTracking(TARGET, 1, 20);
        int desired;
        final int[] history;

        Driver(int initial, int seconds) {
            this.desired = initial;
            this.history = new int[seconds];
        }

        Driver run(LongToIntFunction rate) {
            for (int s = 0; s < history.length; s++) {
                desired = aws.desired(s, new TaskCounts(desired, desired, 0));
                history[s] = desired;
                aws.onSecond(new SecondSample(s, rate.applyAsInt(s), rate.applyAsInt(s), 0, 0, desired));
            }
            return this;
        }

        /** The first second at which the count differs from the one before, or -1. */
        int firstChange() {
            for (int s = 1; s < history.length; s++) {
                if (history[s] != history[s - 1]) {
                    return s;
                }
            }
            return -1;
        }
    }

    @Test
    void noScaleOutBeforeTheThirdBreachingMinuteIsPublished() {
        // 100 req/s on 1 task: 6,000 per target per minute, over 4,200 from the first minute on.
        // Minutes 0, 1, 2 breach; minute 2 ends at 180 s and is visible at 240 s: the alarm fires then.
        Driver d = new Driver(1, 400).run(s -> 100);
        assertThat(d.history[239]).isEqualTo(1);
        assertThat(d.firstChange()).isEqualTo(240);
        assertThat(d.history[240]).isEqualTo(2); // ceil(1 × 6,000 / 4,200)
    }

    @Test
    void twoBreachingMinutesAreNotEnough() {
        Driver d = new Driver(1, 600).run(s -> s < 120 ? 100 : 50);
        assertThat(d.firstChange()).isEqualTo(-1);
    }

    @Test
    void aMinuteWithoutRequestsHasNoDatapointAndTheAlarmCannotFire() {
        // Minutes 0, 2, 3 breach, minute 1 has no requests: INSUFFICIENT_DATA until three in a row breach
        Driver d = new Driver(1, 400).run(s -> s >= 60 && s < 120 ? 0 : 100);
        // minutes 2, 3, 4 breach: minute 4 ends at 300, visible at 360
        assertThat(d.firstChange()).isEqualTo(360);
    }

    @Test
    void scaleInOnlyAfterFifteenLowMinutes() {
        // 120 req/s on 4 tasks: 1,800 per target per minute < 0.9 × 4,200 = 3,780 from minute 0.
        // Minute 14 ends at 900, visible at 960: ceil(4 × 1,800 / 4,200) = 2.
        Driver d = new Driver(4, 1000).run(s -> 120);
        assertThat(d.history[959]).isEqualTo(4);
        assertThat(d.firstChange()).isEqualTo(960);
        assertThat(d.history[960]).isEqualTo(2);
    }

    @Test
    void aLoadJustUnderTheTargetButAboveNinetyPercentNeverScalesIn() {
        // 66 req/s on 1 task: 3,960 per minute, between 3,780 and 4,200: neither alarm
        Driver d = new Driver(1, 2000).run(s -> 66);
        assertThat(d.firstChange()).isEqualTo(-1);
    }

    @Test
    void theScaleInCooldownBlocksASecondScaleInFor300Seconds() {
        // 120 req/s until 960 s (→ 2 tasks at 960), then 20 req/s: 600 per target per minute, low at once,
        // but the next scale-in must wait for the cooldown: 960 + 300 = 1,260
        Driver d = new Driver(4, 1400).run(s -> s < 960 ? 120 : 20);
        assertThat(d.history[960]).isEqualTo(2);
        assertThat(d.history[1259]).isEqualTo(2);
        assertThat(d.history[1260]).isEqualTo(1);
    }

    @Test
    void duringTheScaleOutCooldownTheCapacityAlreadyAddedCounts() {
        // 100 req/s: 1 → 2 at 240. The alarm is still in ALARM at 300 (minute 3 was measured on 1 task),
        // but the capacity before the scale-out, 1, still gives ceil(1 × 6,000 / 4,200) = 2: no second step.
        Driver d = new Driver(1, 540).run(s -> 100);
        assertThat(d.history[240]).isEqualTo(2);
        assertThat(d.history[539]).isEqualTo(2);
    }

    @Test
    void aLargerScaleOutDuringTheCooldownIsApplied() {
        // 100 req/s → 2 tasks at 240; from 240 on 300 req/s: on 2 targets 9,000 per minute. At 360 the
        // datapoints of minutes 3 (6,000) and 4 (9,000) breach with minute 2: ceil(1 × 9,000 / 4,200) = 3 > 2.
        Driver d = new Driver(1, 400).run(s -> s < 240 ? 100 : 300);
        assertThat(d.history[359]).isEqualTo(2);
        assertThat(d.history[360]).isEqualTo(3);
    }

    @Test
    void datapointsAreRequestsPerRunningTargetPerMinute() {
        AwsTargetTracking aws = new AwsTargetTracking(TARGET, 1, 20);
        for (int s = 0; s < 60; s++) {
            aws.onSecond(new SecondSample(s, 100, 100, 0, 0, s < 30 ? 1 : 3)); // 2 targets on average
        }
        assertThat(aws.datapoints()).singleElement().satisfies(d -> {
            assertThat(d.value()).isEqualTo(3000.0); // 6,000 requests / 2 targets
            assertThat(d.visibleAt()).isEqualTo(120);
        });
    }

    @Test
    void anIdleMinuteIsADatapointOfZeroSoItCountsTowardsScaleIn() {
        // ALBRequestCountPerTarget "emits real 0 values": requests in 1 second of each minute, 4 tasks
        Driver d = new Driver(4, 1500).run(s -> s % 60 == 0 ? 60 : 0);
        // 60 a minute per 4 targets = 15, under 90 % of 4,200: 15 minutes of that (visible at 960 s) scale in
        assertThat(d.firstChange()).isBetween(900, 1020);
        assertThat(d.history[1499]).isEqualTo(1);
    }

    @Test
    void aMissingDatapointInTheEvaluationRangeIsPassedOverAsCloudWatchDoes() {
        // CloudWatch's own example for 3 of 3: "0 X X - X" (newest right) is ALARM: the most recent real
        // datapoints in the range of 5 are X X X
        var d = java.util.List.of(point(0, 100), point(1, 5000), point(2, 5000), point(3, Double.NaN), point(4, 5000));
        assertThat(AwsTargetTracking.allAbove(d, 3, TARGET)).isTrue();
        // "- - X - -": fewer real datapoints than the alarm needs: insufficient data, no action
        var sparse = java.util.List.of(point(0, Double.NaN), point(1, Double.NaN), point(2, 5000), point(3, Double.NaN),
                point(4, Double.NaN));
        assertThat(AwsTargetTracking.allAbove(sparse, 3, TARGET)).isFalse();
        assertThat(AwsTargetTracking.allBelow(sparse, 3, TARGET)).isFalse();
    }

    private static AwsTargetTracking.Datapoint point(long minute, double value) {
        return new AwsTargetTracking.Datapoint(minute * 60, value, minute * 60 + 120);
    }
}
