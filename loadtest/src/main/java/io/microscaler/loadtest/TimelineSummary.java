package io.microscaler.loadtest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.ToDoubleFunction;

/**
 * The figures of a run, from its timeline: peak tasks, the decisions, the load and p95 of each
 * phase and, for a spike, how fast the loop answered it. Pure.
 *
 * @param phases per phase: the median and highest 6 s p95 and the median requests/s of its samples
 * @param spike  the reaction to the phase named "spike", if the run had one
 */
public record TimelineSummary(OptionalInt peakDesired, OptionalInt peakRunning, OptionalInt peakHealthy,
                              long scaleOuts, long scaleIns, List<PhaseFigures> phases, Optional<SpikeReaction> spike) {

    public record PhaseFigures(Phase phase, int samples, OptionalDouble medianRps, OptionalDouble medianP95Ms,
                               OptionalDouble maxP95Ms) {
    }

    /**
     * Seconds from the spike's start (arrivals ×N) to: the first scale-out decision, the first
     * sample with more tasks running (and more healthy) than were running at the start, and the
     * first sample after the spike's worst p95 with p95 back under the target.
     */
    public record SpikeReaction(int spikeStart, OptionalInt runningAtStart, OptionalDouble toScaleOut,
                                Optional<DecisionMark> firstScaleOut, OptionalDouble toRunning, OptionalDouble toHealthy,
                                double p95TargetMs, OptionalDouble toP95Recovered) {
    }

    public static TimelineSummary of(Timeline timeline, List<Phase> phases, double p95TargetMs) {
        List<Timeline.Row> rows = timeline.rows();
        List<PhaseFigures> perPhase = new ArrayList<>();
        for (Phase p : phases) {
            List<TimelineSample> in = rows.stream().filter(r -> p.contains(r.second())).map(Timeline.Row::sample).toList();
            perPhase.add(new PhaseFigures(p, in.size(), median(in, TimelineSample::rps), median(in, TimelineSample::p95Ms),
                    max(in, TimelineSample::p95Ms)));
        }
        long outs = timeline.marks().stream().filter(m -> m.decision().scalesOut()).count();
        long ins = timeline.marks().stream().filter(m -> m.decision().scalesIn()).count();
        Optional<SpikeReaction> spike = phases.stream().filter(p -> p.name().equals("spike")).findFirst()
                .map(p -> spike(timeline, p, p95TargetMs));
        return new TimelineSummary(peak(rows, s -> s.desired()), peak(rows, s -> s.running()), peak(rows, s -> s.healthy()),
                outs, ins, perPhase, spike);
    }

    private static SpikeReaction spike(Timeline timeline, Phase spike, double p95TargetMs) {
        int start = spike.startSecond();
        List<Timeline.Row> rows = timeline.rows();
        Optional<Timeline.Row> atStart = rows.stream().filter(r -> r.second() <= start).reduce((a, b) -> b)
                .or(() -> rows.stream().findFirst());
        OptionalInt running0 = atStart.map(r -> r.sample().running()).orElse(OptionalInt.empty());
        Optional<Timeline.Mark> out = timeline.marks().stream()
                .filter(m -> m.second() >= start && m.decision().scalesOut()).findFirst();
        List<Timeline.Row> after = rows.stream().filter(r -> r.second() >= start).toList();
        OptionalDouble toRunning = firstAbove(after, start, s -> s.running(), running0);
        // Healthy against the tasks running at the start: a task that was still warming up then is not new capacity
        OptionalDouble toHealthy = firstAbove(after, start, s -> s.healthy(), running0);
        // Recovery: the first sample after the spike's worst p95 that is back under the target
        OptionalDouble recovered = OptionalDouble.empty();
        Optional<Timeline.Row> worst = after.stream().filter(r -> spike.contains(r.second()) && !Double.isNaN(r.sample().p95Ms()))
                .max(java.util.Comparator.comparingDouble(r -> r.sample().p95Ms()));
        if (worst.isPresent() && worst.get().sample().p95Ms() > p95TargetMs) {
            double from = worst.get().second();
            recovered = after.stream().filter(r -> r.second() > from && r.sample().p95Ms() <= p95TargetMs)
                    .mapToDouble(r -> r.second() - start).findFirst();
        }
        return new SpikeReaction(start, running0, out.map(m -> OptionalDouble.of(m.second() - start)).orElse(OptionalDouble.empty()),
                out.map(Timeline.Mark::decision), toRunning, toHealthy, p95TargetMs, recovered);
    }

    private static OptionalDouble firstAbove(List<Timeline.Row> rows, int start,
                                             java.util.function.Function<TimelineSample, OptionalInt> count, OptionalInt base) {
        if (base.isEmpty()) {
            return OptionalDouble.empty();
        }
        return rows.stream().filter(r -> count.apply(r.sample()).orElse(Integer.MIN_VALUE) > base.getAsInt())
                .mapToDouble(r -> r.second() - start).findFirst();
    }

    private static OptionalInt peak(List<Timeline.Row> rows, java.util.function.Function<TimelineSample, OptionalInt> count) {
        return rows.stream().map(r -> count.apply(r.sample())).filter(OptionalInt::isPresent)
                .mapToInt(OptionalInt::getAsInt).max();
    }

    private static OptionalDouble median(List<TimelineSample> samples, ToDoubleFunction<TimelineSample> f) {
        double[] v = samples.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2);
    }

    private static OptionalDouble max(List<TimelineSample> samples, ToDoubleFunction<TimelineSample> f) {
        return Arrays.stream(samples.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).toArray()).max();
    }

    /** The summary as the script prints it. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "tasks: peak desired %s, running %s, healthy %s; %d scale-out and %d scale-in decisions",
                text(peakDesired), text(peakRunning), text(peakHealthy), scaleOuts, scaleIns));
        for (PhaseFigures p : phases) {
            out.add(String.format(Locale.ROOT, "%-7s %4d–%4d s: load %s req/s, p95 (6 s) median %s ms, max %s ms (%d samples)",
                    p.phase().name(), p.phase().startSecond(), p.phase().endSecond(), text(p.medianRps(), "%.0f"),
                    text(p.medianP95Ms(), "%.0f"), text(p.maxP95Ms(), "%.0f"), p.samples()));
        }
        spike.ifPresent(s -> out.add(String.format(Locale.ROOT,
                "spike at %d s (%s tasks running): first scale-out decision +%s s%s, more tasks running +%s s, healthy +%s s,"
                        + " p95 back under %.0f ms +%s s",
                s.spikeStart(), text(s.runningAtStart()), text(s.toScaleOut(), "%.1f"),
                s.firstScaleOut().map(d -> " (" + d.label() + ")").orElse(""), text(s.toRunning(), "%.1f"),
                text(s.toHealthy(), "%.1f"), s.p95TargetMs(), text(s.toP95Recovered(), "%.1f"))));
        return out;
    }

    private static String text(OptionalInt v) {
        return v.isPresent() ? Integer.toString(v.getAsInt()) : "-";
    }

    private static String text(OptionalDouble v, String format) {
        return v.isPresent() ? String.format(Locale.ROOT, format, v.getAsDouble()) : "-";
    }
}
