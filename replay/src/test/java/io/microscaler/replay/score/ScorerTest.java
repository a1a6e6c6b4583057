package io.microscaler.replay.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.replay.model.ServiceModel;
import io.microscaler.replay.model.Timeline;
import io.microscaler.replay.model.Timeline.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Defaults: 70 requests/s per task at the target, so 100 req/s needs 2 tasks and 300 needs 5. */
class ScorerTest {

    private static final ServiceModel MODEL = ServiceModel.DEFAULTS;

    @Test
    void violationSecondsAreSecondsWhoseP95ExceedsTheSloInfiniteIncluded() {
        Timeline t = Timeline.of("p", 2, List.of(
                new Row(100, 100, 0, 120f, 2, 2, 0),
                new Row(100, 100, 0, 250f, 2, 2, 0),                    // at the SLO: not over it
                new Row(100, 100, 0, 251f, 2, 2, 0),
                new Row(100, 90, 10, Float.POSITIVE_INFINITY, 2, 2, 0), // > 5 % dropped
                new Row(0, 0, 0, Float.NaN, 2, 2, 0)));                // no requests: nothing to judge
        Scores s = Scorer.score(t, MODEL, 250);
        assertThat(s.violationSeconds()).isEqualTo(2);
        assertThat(s.droppedRequests()).isEqualTo(10);
        assertThat(s.requests()).isEqualTo(400);
        assertThat(s.seconds()).isEqualTo(5);
    }

    @Test
    void taskSecondsCountRunningAndStartingTasks() {
        Timeline t = Timeline.of("p", 2, List.of(
                new Row(100, 100, 0, 50f, 2, 2, 0),
                new Row(100, 100, 0, 50f, 5, 2, 3),
                new Row(100, 100, 0, 50f, 5, 5, 0)));
        Scores s = Scorer.score(t, MODEL, 250);
        assertThat(s.taskSeconds()).isEqualTo(2 + 5 + 5);
        assertThat(s.meanTasks()).isEqualTo(4.0);
    }

    @Test
    void scalingActionsCountChangesOfTheDesiredCountFromTheInitialOne() {
        Timeline t = Timeline.of("p", 2, List.of(
                new Row(0, 0, 0, Float.NaN, 2, 2, 0),
                new Row(0, 0, 0, Float.NaN, 4, 2, 2), // 2 → 4
                new Row(0, 0, 0, Float.NaN, 4, 4, 0),
                new Row(0, 0, 0, Float.NaN, 3, 3, 0), // 4 → 3
                new Row(0, 0, 0, Float.NaN, 4, 3, 1))); // 3 → 4
        assertThat(Scorer.score(t, MODEL, 250).scalingActions()).isEqualTo(3);
        Timeline first = Timeline.of("p", 1, List.of(new Row(0, 0, 0, Float.NaN, 3, 1, 2)));
        assertThat(Scorer.score(first, MODEL, 250).scalingActions()).isEqualTo(1);
    }

    @Test
    void peaksCompareTasksWithWhatTheSharedRuleNeeds() {
        Timeline t = Timeline.of("p", 2, List.of(
                new Row(300, 300, 0, 50f, 2, 2, 0),   // needs 5, 2 running: under by 3
                new Row(300, 300, 0, 50f, 6, 2, 4),   // starting tasks do not serve: still under by 3
                new Row(10, 10, 0, 50f, 7, 7, 0)));   // needs 1 (the minimum): over by 6
        Scores s = Scorer.score(t, MODEL, 250);
        assertThat(s.peakUnder()).isEqualTo(3);
        assertThat(s.peakOver()).isEqualTo(6);
    }

    @Test
    void aWellSizedServiceIsNeitherUnderNorOver() {
        Timeline t = Timeline.of("p", 2, List.of(new Row(140, 140, 0, 50f, 2, 2, 0)));
        Scores s = Scorer.score(t, MODEL, 250);
        assertThat(s.peakUnder()).isZero();
        assertThat(s.peakOver()).isZero();
    }
}
