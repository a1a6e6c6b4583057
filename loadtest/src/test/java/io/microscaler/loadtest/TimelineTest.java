package io.microscaler.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The join on the load's time axis, the summary's figures, and the CSV, on a hand-made spike. */
class TimelineTest {

    static final long START = 1_700_000_000_000L;

    static TimelineSample sample(double second, double rps, double p95, int desired, int running, Integer healthy) {
        return new TimelineSample(START + Math.round(second * 1000), rps, p95, rps, p95, OptionalInt.of(desired),
                OptionalInt.of(running), OptionalInt.of(0), healthy == null ? OptionalInt.empty() : OptionalInt.of(healthy), "ok");
    }

    static DecisionMark decision(double second, long seq, int from, int to, String reason) {
        return new DecisionMark(START + Math.round(second * 1000), seq, from, to, "panic", reason, "panic: " + from + "→" + to);
    }

    /** A spike at 10 s: decided out at 11.5 s, running 3 at 14 s, healthy at 16 s, p95 worst at 13 s, under 250 again at 18 s. */
    static Timeline spikeRun() {
        List<TimelineSample> samples = List.of(
                sample(-2, Double.NaN, Double.NaN, 2, 2, 2), sample(5, 80, 60, 2, 2, 2), sample(10, 90, 70, 2, 2, 2),
                sample(12, 380, 400, 6, 2, 2), sample(13, 400, 900, 6, 2, 2), sample(14, 400, 700, 6, 3, 2),
                sample(16, 400, 300, 6, 6, 5), sample(18, 400, 120, 6, 6, 6), sample(25, 80, 50, 6, 6, 6),
                sample(30, 80, 50, 3, 3, 3));
        List<DecisionMark> decisions = List.of(decision(28, 3, 6, 3, "scale-down-stabilised"),
                decision(11.5, 2, 2, 6, "scale-up-limit"), decision(-30, 1, 2, 2, "at-min"));
        return Timeline.join(START, samples, decisions);
    }

    static final List<Phase> PHASES = List.of(new Phase("before", 0, 10), new Phase("spike", 10, 20), new Phase("after", 20, 31));

    @Test
    void samplesAndDecisionsAreOnSecondsSinceTheLoadStartedEachDecisionWithTheNextSample() {
        Timeline t = spikeRun();
        assertThat(t.rows()).extracting(Timeline.Row::second).containsExactly(-2.0, 5.0, 10.0, 12.0, 13.0, 14.0, 16.0, 18.0, 25.0, 30.0);
        assertThat(t.rows().get(0).decisions()).extracting(DecisionMark::seq).containsExactly(1L);
        assertThat(t.rows().get(3).decisions()).extracting(DecisionMark::seq).containsExactly(2L);
        assertThat(t.rows().get(9).decisions()).extracting(DecisionMark::seq).containsExactly(3L);
        assertThat(t.marks()).extracting(Timeline.Mark::second).containsExactly(-30.0, 11.5, 28.0);
    }

    @Test
    void theSummaryMeasuresTheReactionToTheSpikeFromItsStart() {
        TimelineSummary s = TimelineSummary.of(spikeRun(), PHASES, 250);
        assertThat(s.peakDesired()).hasValue(6);
        assertThat(s.peakRunning()).hasValue(6);
        assertThat(s.peakHealthy()).hasValue(6);
        assertThat(s.scaleOuts()).isEqualTo(1);
        assertThat(s.scaleIns()).isEqualTo(1);
        TimelineSummary.SpikeReaction r = s.spike().orElseThrow();
        assertThat(r.runningAtStart()).hasValue(2);
        assertThat(r.toScaleOut()).hasValue(1.5);
        assertThat(r.firstScaleOut().orElseThrow().label()).isEqualTo("2→6 panic/scale-up-limit");
        assertThat(r.toRunning()).hasValue(4.0);
        assertThat(r.toHealthy()).hasValue(6.0);
        assertThat(r.toP95Recovered()).as("first sample after the worst (13 s) under 250 ms: 18 s").hasValue(8.0);
    }

    @Test
    void eachPhaseHasTheMedianAndWorstP95OfItsSamples() {
        List<TimelineSummary.PhaseFigures> phases = TimelineSummary.of(spikeRun(), PHASES, 250).phases();
        assertThat(phases.get(0).samples()).isEqualTo(1); // 5 s (the sample at 10 s belongs to the spike)
        // 70, 400, 900, 700, 300, 120 ms, sorted 70 120 300 | 400 700 900: median (300 + 400) / 2
        assertThat(phases.get(1).medianP95Ms()).hasValue(350.0);
        assertThat(phases.get(1).maxP95Ms()).hasValue(900.0);
        assertThat(phases.get(1).medianRps()).hasValue(400.0);
        assertThat(phases.get(2).medianP95Ms()).hasValue(50.0);
        List<String> lines = TimelineSummary.of(spikeRun(), PHASES, 250).lines();
        assertThat(lines.get(0)).isEqualTo("tasks: peak desired 6, running 6, healthy 6; 1 scale-out and 1 scale-in decisions");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("spike at 10 s (2 tasks running): first scale-out decision +1.5 s"
                + " (2→6 panic/scale-up-limit), more tasks running +4.0 s, healthy +6.0 s, p95 back under 250 ms +8.0 s");
    }

    @Test
    void withoutHealthyCountsOrASpikeTheSummarySaysSo() {
        Timeline flat = Timeline.join(START, List.of(sample(1, 10, 40, 2, 2, null)), List.of());
        TimelineSummary s = TimelineSummary.of(flat, List.of(new Phase("steady", 0, 60)), 250);
        assertThat(s.peakHealthy()).isEmpty();
        assertThat(s.spike()).isEmpty();
        assertThat(s.lines().get(0)).contains("healthy -");
    }

    @Test
    void theCsvHasARowPerSampleWithItsDecisionsQuoted() {
        Timeline t = spikeRun();
        assertThat(TimelineCsv.HEADER).startsWith("second,epoch_ms,");
        assertThat(TimelineCsv.line(t.rows().get(0))).isEqualTo("-2.0," + (START - 2000) + ",ok,,,,,2,2,0,2,2→2 panic/at-min: panic: 2→2");
        assertThat(TimelineCsv.line(t.rows().get(3))).isEqualTo("12.0," + (START + 12000)
                + ",ok,380.0,400.0,380.0,400.0,6,2,0,2,2→6 panic/scale-up-limit: panic: 2→6");
        assertThat(TimelineCsv.quote("a, \"b\"")).isEqualTo("\"a, \"\"b\"\"\"");
    }
}
