package io.microscaler.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ZeroTimelineTest {

    private static final ZeroTimeline.Decision UP = new ZeroTimeline.Decision(10.8, 0, 3, "activation");
    private static final ZeroTimeline.Decision DOWN = new ZeroTimeline.Decision(35.2, 1, 0, "demand");

    /** One cycle: quiet at zero, 200 jobs sent at 10 s, tasks at 14 s, work at 14.5 s, empty at 25 s, zero at 37 s. */
    private static List<ZeroSample> cycle(double from, long doneBefore) {
        List<ZeroSample> s = new ArrayList<>();
        s.add(new ZeroSample(from + 9.9, 0, 0, doneBefore, 0, 0));
        s.add(new ZeroSample(from + 10.0, 200, 200, doneBefore, 0, 0));
        s.add(new ZeroSample(from + 11.0, 200, 200, doneBefore, 3, 0));
        s.add(new ZeroSample(from + 14.0, 200, 200, doneBefore, 3, 2));
        s.add(new ZeroSample(from + 14.5, 200, 199, doneBefore + 1, 3, 3));
        s.add(new ZeroSample(from + 20.0, 100, 90, doneBefore + 110, 3, 3));
        s.add(new ZeroSample(from + 25.0, 10, 0, doneBefore + 200, 2, 2));
        s.add(new ZeroSample(from + 36.0, 0, 0, doneBefore + 200, 0, 1));
        s.add(new ZeroSample(from + 37.0, 0, 0, doneBefore + 200, 0, 0));
        return s;
    }

    @Test
    void eachPhaseIsTimedFromTheFirstDemandAndTheColdStartEndsAtTheFirstJobDone() {
        List<ZeroTimeline.Activation> found = ZeroTimeline.activations(cycle(0, 0), List.of(UP, DOWN));

        assertThat(found).hasSize(1);
        ZeroTimeline.Activation a = found.get(0);
        assertThat(a.demandAt()).isEqualTo(10.0);
        assertThat(a.demandDepth()).isEqualTo(200);
        assertThat(a.activation()).contains(UP);
        assertThat(a.decided().getAsDouble()).isCloseTo(0.8, within());
        assertThat(a.firstRunning()).isEqualTo(OptionalDouble.of(4.0));
        assertThat(a.firstJobDone()).isEqualTo(OptionalDouble.of(4.5));
        assertThat(a.coldStart()).isEqualTo(OptionalDouble.of(4.5));
        assertThat(a.queueEmpty()).isEqualTo(OptionalDouble.of(15.0));
        assertThat(a.toZero()).contains(DOWN);
        assertThat(a.decidedZero().getAsDouble()).isCloseTo(25.2, within());
        assertThat(a.backToZero()).isEqualTo(OptionalDouble.of(27.0)); // not 36.0: one task was still RUNNING
    }

    @Test
    void aSecondBurstAfterTheWorkerIsBackAtZeroIsASecondActivation() {
        List<ZeroSample> samples = new ArrayList<>(cycle(0, 0));
        samples.addAll(cycle(40, 200));
        List<ZeroTimeline.Decision> decisions = List.of(UP, DOWN, new ZeroTimeline.Decision(50.5, 0, 3, "activation"),
                new ZeroTimeline.Decision(75.0, 2, 0, "demand"));

        List<ZeroTimeline.Activation> found = ZeroTimeline.activations(samples, decisions);

        assertThat(found).extracting(ZeroTimeline.Activation::demandAt).containsExactly(10.0, 50.0);
        assertThat(found.get(1).decided().getAsDouble()).isCloseTo(0.5, within());
        assertThat(found.get(1).coldStart()).isEqualTo(OptionalDouble.of(4.5));
        assertThat(ZeroTimeline.summary(found, 400)).isEqualTo("2 activations, cold starts 4.5 s, 4.5 s (first demand →"
                + " first job done); 400 jobs done; back to 0 tasks 2 times");
    }

    @Test
    void demandWhileTasksStillRunIsNoActivation() {
        // the second burst comes while a task still runs: no cold start, so not counted as one
        List<ZeroSample> samples = new ArrayList<>(cycle(0, 0).subList(0, 7));
        samples.add(new ZeroSample(30.0, 0, 0, 200, 1, 1));
        samples.add(new ZeroSample(31.0, 200, 200, 200, 1, 1));
        samples.add(new ZeroSample(32.0, 200, 150, 250, 3, 3));

        List<ZeroTimeline.Activation> found = ZeroTimeline.activations(samples, List.of(UP));

        assertThat(found).hasSize(1);
        assertThat(found.get(0).backToZero()).isEmpty();
    }

    @Test
    void phasesTheRunDidNotReachSayNotSeen() {
        List<ZeroSample> samples = cycle(0, 0).subList(0, 4); // ended with the first task RUNNING, no job done

        ZeroTimeline.Activation a = ZeroTimeline.activations(samples, List.of(UP)).get(0);

        assertThat(a.coldStart()).isEmpty();
        assertThat(a.describe(1)).contains("  first task RUNNING:                  +4.0 s",
                "  first job done:                      not seen", "  cold start (first demand → first job done): not seen");
        assertThat(ZeroTimeline.summary(List.of(a), 0)).startsWith("1 activation, cold start not seen");
    }

    @Test
    void theTimelineNamesTheDecisionsAndTheirReasons() {
        ZeroTimeline.Activation a = ZeroTimeline.activations(cycle(0, 0), List.of(UP, DOWN)).get(0);

        assertThat(a.describe(1)).containsExactly(
                "activation 1 at t=10.0 s; times from the first demand:",
                "  first demand seen (queue depth 200): +0.0 s",
                "  decision 0 → 3 (activation):         +0.8 s",
                "  first task RUNNING:                  +4.0 s",
                "  first job done:                      +4.5 s",
                "  queue empty:                         +15.0 s",
                "  decision 1 → 0 (demand):             +25.2 s",
                "  back to 0 tasks:                     +27.0 s",
                "  cold start (first demand → first job done): 4.5 s");
    }

    private static Offset<Double> within() {
        return Offset.offset(1e-9);
    }
}
