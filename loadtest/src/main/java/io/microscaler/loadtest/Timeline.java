package io.microscaler.loadtest;

import java.util.ArrayList;
import java.util.List;

/**
 * The samples and decisions of a run on the load's time axis: seconds since the load started
 * (Gatling's first arrivals). Samples before the start (the demo idling while Gatling compiles)
 * keep their negative seconds; each decision goes with the first sample taken at or after it.
 */
public record Timeline(long startEpochMillis, List<Row> rows, List<Mark> marks) {

    /** A sample at {@code second}, with the decisions published since the previous sample. */
    public record Row(double second, TimelineSample sample, List<DecisionMark> decisions) {
        public Row {
            decisions = List.copyOf(decisions);
        }
    }

    /** A decision at {@code second}. */
    public record Mark(double second, DecisionMark decision) {
    }

    public Timeline {
        rows = List.copyOf(rows);
        marks = List.copyOf(marks);
    }

    public static Timeline join(long startEpochMillis, List<TimelineSample> samples, List<DecisionMark> decisions) {
        List<TimelineSample> byTime = samples.stream()
                .sorted(java.util.Comparator.comparingLong(TimelineSample::epochMillis)).toList();
        List<DecisionMark> ordered = decisions.stream()
                .sorted(java.util.Comparator.comparingLong(DecisionMark::epochMillis).thenComparingLong(DecisionMark::seq))
                .toList();
        List<Row> rows = new ArrayList<>();
        int next = 0;
        for (TimelineSample s : byTime) {
            List<DecisionMark> since = new ArrayList<>();
            while (next < ordered.size() && ordered.get(next).epochMillis() <= s.epochMillis()) {
                since.add(ordered.get(next++));
            }
            rows.add(new Row(seconds(startEpochMillis, s.epochMillis()), s, since));
        }
        List<Mark> marks = ordered.stream().map(d -> new Mark(seconds(startEpochMillis, d.epochMillis()), d)).toList();
        return new Timeline(startEpochMillis, rows, marks);
    }

    private static double seconds(long start, long at) {
        return (at - start) / 1000.0;
    }
}
