package io.microscaler.replay.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.replay.model.Arrivals;
import io.microscaler.replay.model.Autoscaler;
import io.microscaler.replay.model.SecondSample;
import io.microscaler.replay.model.ServiceModel;
import io.microscaler.replay.model.Simulation;
import io.microscaler.replay.model.TaskCounts;
import io.microscaler.replay.model.Timeline;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClairvoyantBoundTest {

    // one slot per task, 100 ms exactly: every latency can be worked out by hand
    private static final ServiceModel ONE_SLOT = new ServiceModel(1, 100, 0, 100, 3, 1, 5, 0.7);

    @Test
    void aSecondNeedsTheFewestTasksThatMeetTheSloFromEmpty() {
        // 10 requests 0.1 s apart: one slot serves each as it comes, 100 ms each → 1 task.
        // 20 requests 0.05 s apart: one slot falls behind, request i (from 0) answers at 0.1 (i + 1),
        // latency 0.05 i + 0.1 s; the 19th (p95 of 20) is 1.0 s > 250 ms. Two slots keep up → 2.
        // 40 requests 0.025 s apart need 4 slots for the same reason; none at all needs the minimum.
        int[] needs = ClairvoyantBound.tasksEachSecondNeeds(ONE_SLOT, new int[] {10, 20, 40, 0}, 1, 250,
                Arrivals.evenlySpaced());
        assertThat(needs).containsExactly(1, 2, 4, 1);
    }

    @Test
    void aSecondThatEvenTheMaximumCannotServeNeedsMoreThanIt() {
        int[] needs = ClairvoyantBound.tasksEachSecondNeeds(ONE_SLOT, new int[] {200}, 1, 250, Arrivals.evenlySpaced());
        assertThat(needs).containsExactly(ONE_SLOT.maxTasks() + 1);
    }

    @Test
    void theBestScheduleEitherPaysTheStartOrTheViolation() {
        int[] needs = {1, 1, 2, 1, 1};
        // scaling to 2 for second 2 costs 5 task-seconds + 1 more + the 3 s start = 9, with no violation;
        // staying at 1 costs 5 and one violation second: cheaper while a violation is worth less than 4
        assertThat(ClairvoyantBound.cheapest(needs, ONE_SLOT, 1, 2)).isEqualTo(new ClairvoyantBound.Point(2, 5, 1));
        assertThat(ClairvoyantBound.cheapest(needs, ONE_SLOT, 1, 8)).isEqualTo(new ClairvoyantBound.Point(8, 9, 0));
        ClairvoyantBound.Frontier frontier = ClairvoyantBound.frontier(needs, ONE_SLOT, 1);
        assertThat(frontier.minTaskSeconds(0)).isEqualTo(9);
        assertThat(frontier.minTaskSeconds(1)).isEqualTo(5);
    }

    @Test
    void noScheduleCostsLessThanTheMinimumEverySecond() {
        // a budget of more violations than the cheapest schedule has: the price-weighted line through
        // that schedule (5 task-s, 1 violation) would fall below the floor of 1 task × 5 s; the floor holds
        ClairvoyantBound.Frontier frontier = ClairvoyantBound.frontier(new int[] {1, 1, 2, 1, 1}, ONE_SLOT, 1);
        assertThat(frontier.minTaskSeconds(10)).isEqualTo(5);
    }

    @Test
    void aRunOfNeedsIsCoveredByOneStartNotOnePerSecond() {
        int[] needs = {1, 3, 3, 3, 1};
        // 3 tasks for seconds 1–3: 2 starts of 3 s = 6, plus 1 + 9 + 1 = 11 task-seconds of running
        assertThat(ClairvoyantBound.cheapest(needs, ONE_SLOT, 1, 100)).isEqualTo(new ClairvoyantBound.Point(100, 17, 0));
    }

    @Test
    void noSimulatedScheduleBeatsTheBound() {
        ServiceModel model = ServiceModel.DEFAULTS;
        int[] requests = burstyTrace(1_200, 7);
        int[] needs = ClairvoyantBound.tasksEachSecondNeeds(model, requests, 1, 250);
        ClairvoyantBound.Frontier frontier = ClairvoyantBound.frontier(needs, model, 1);
        for (int tasks = 1; tasks <= 6; tasks++) {
            Timeline t = new Simulation(model, requests, constant(tasks), tasks, 1).run();
            Scores s = Scorer.score(t, model, 250);
            long failingHere = 0;
            for (int need : needs) {
                failingHere += need > tasks ? 1 : 0;
            }
            // every second that fails from empty fails in the simulation, whose seconds may start with a queue
            assertThat(s.violationSeconds()).as("violations at %d tasks", tasks).isGreaterThanOrEqualTo(failingHere);
            assertThat(s.taskSeconds()).as("task-seconds at %d tasks", tasks)
                    .isGreaterThanOrEqualTo(frontier.minTaskSeconds(s.violationSeconds()));
        }
        // and the bound is not vacuous: with no violation allowed it asks for more than the floor
        assertThat(frontier.minTaskSeconds(0)).isGreaterThan(requests.length);
    }

    /** Seconds of a few requests, with bursts of several hundred now and then. */
    private static int[] burstyTrace(int seconds, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] r = new int[seconds];
        for (int s = 0; s < seconds; s++) {
            r[s] = random.nextInt(60) + (random.nextInt(40) == 0 ? 150 + random.nextInt(250) : 0);
        }
        return r;
    }

    private static Autoscaler constant(int tasks) {
        return new Autoscaler() {
            @Override
            public String name() {
                return "constant-" + tasks;
            }

            @Override
            public int desired(long second, TaskCounts counts) {
                return tasks;
            }

            @Override
            public void onSecond(SecondSample sample) {
            }
        };
    }
}
