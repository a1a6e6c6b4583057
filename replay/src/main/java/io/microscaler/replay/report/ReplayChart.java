package io.microscaler.replay.report;

import io.microscaler.replay.model.Timeline;
import io.microscaler.replay.trace.Trace;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.awt.Color;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One PNG per replay, panels on one time axis: the offered load, each policy's running tasks, each
 * policy's p95 latency against the SLO and, when downsampled, each policy's share of seconds over
 * the SLO (XChart, headless).
 *
 * <p>Long traces are downsampled to at most {@link #MAX_POINTS} buckets per series: load and tasks
 * are the bucket's means, p95 its worst second (a spike must not average away). A second with more
 * than 5 % of its requests dropped has an infinite p95; it is drawn at the panel's top,
 * {@link #P95_CEILING_FACTOR} × the SLO.
 */
public final class ReplayChart {

    static final int MAX_POINTS = 1500;
    static final double P95_CEILING_FACTOR = 10;
    private static final int WIDTH = 1400;
    private static final int PANEL_HEIGHT = 330;

    private ReplayChart() {
    }

    public static void write(Path file, Trace trace, long sloMs, List<Timeline> timelines) throws IOException {
        System.setProperty("java.awt.headless", "true");
        if (timelines.isEmpty()) {
            return;
        }
        int seconds = timelines.get(0).seconds();
        int bucket = Math.max(1, (seconds + MAX_POINTS - 1) / MAX_POINTS);
        int points = (seconds + bucket - 1) / bucket;
        boolean hours = seconds > 7200;
        double unit = hours ? 3600.0 : 60.0;
        String axis = hours ? "hours" : "minutes";
        double[] x = new double[points];
        for (int p = 0; p < points; p++) {
            x[p] = (p * (double) bucket + bucket / 2.0) / unit;
        }
        String per = bucket == 1 ? "per second" : "mean of " + bucket + " s";

        XYChart load = panel(trace.describe(), axis, "requests/s (" + per + ")");
        line(load, "offered load", x, bucketMean(timelines.get(0), bucket, points, Series.OFFERED));

        XYChart tasks = panel("running tasks (" + per + ")", axis, "tasks");
        for (Timeline t : timelines) {
            line(tasks, t.policy(), x, bucketMean(t, bucket, points, Series.RUNNING));
        }

        XYChart latency = panel("p95 latency (worst second " + (bucket == 1 ? "" : "of " + bucket + " s ")
                + "; >5 % dropped drawn at the top)", axis, "ms (log)");
        latency.getStyler().setYAxisLogarithmic(true);
        double ceiling = P95_CEILING_FACTOR * sloMs;
        latency.getStyler().setYAxisMax(ceiling);
        for (Timeline t : timelines) {
            line(latency, t.policy(), x, bucketWorstP95(t, bucket, points, ceiling));
        }
        line(latency, "SLO " + sloMs + " ms", new double[] {x[0], x[points - 1]}, new double[] {sloMs, sloMs});

        List<XYChart> panels = new java.util.ArrayList<>(List.of(load, tasks, latency));
        if (bucket > 1) { // a worst second per bucket saturates over a week: show how many seconds were over
            XYChart over = panel("seconds over the SLO (share of each " + bucket + " s)", axis, "%");
            for (Timeline t : timelines) {
                line(over, t.policy(), x, bucketShareOver(t, bucket, points, sloMs));
            }
            panels.add(over);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(panels, panels.size(), 1, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    private enum Series { OFFERED, RUNNING }

    private static XYChart panel(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(PANEL_HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setXAxisDecimalPattern("#0.#");
        return chart;
    }

    private static void line(XYChart chart, String name, double[] x, double[] y) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineWidth(1.2f);
        series.setLineColor(COLOURS.getOrDefault(name.startsWith("SLO") ? "SLO" : name, Color.DARK_GRAY));
    }

    /** Fixed colours, so a policy looks the same in every chart. */
    private static final Map<String, Color> COLOURS = Map.of(
            "offered load", new Color(0x44, 0x44, 0x44),
            "microscaler", new Color(0x1f, 0x77, 0xb4),
            "aws-target-tracking", new Color(0xff, 0x7f, 0x0e),
            "hpa", new Color(0x94, 0x67, 0xbd),
            "knative", new Color(0x2c, 0xa0, 0x2c),
            "SLO", new Color(0xd6, 0x27, 0x28));

    private static double[] bucketMean(Timeline t, int bucket, int points, Series which) {
        double[] y = new double[points];
        for (int p = 0; p < points; p++) {
            int from = p * bucket;
            int to = Math.min(t.seconds(), from + bucket);
            double sum = 0;
            for (int s = from; s < to; s++) {
                sum += which == Series.OFFERED ? t.offered(s) : t.running(s);
            }
            y[p] = sum / (to - from);
        }
        return y;
    }

    /** The share of each bucket's seconds, in %, whose p95 was over the SLO. */
    private static double[] bucketShareOver(Timeline t, int bucket, int points, long sloMs) {
        double[] y = new double[points];
        for (int p = 0; p < points; p++) {
            int from = p * bucket;
            int to = Math.min(t.seconds(), from + bucket);
            int over = 0;
            for (int s = from; s < to; s++) {
                if (t.p95Ms(s) > sloMs) { // NaN compares false: a second without requests is not over
                    over++;
                }
            }
            y[p] = 100.0 * over / (to - from);
        }
        return y;
    }

    /** The worst p95 of each bucket, capped at the ceiling; a bucket without requests repeats the last. */
    private static double[] bucketWorstP95(Timeline t, int bucket, int points, double ceiling) {
        double[] y = new double[points];
        double last = Double.NaN;
        for (int p = 0; p < points; p++) {
            int from = p * bucket;
            int to = Math.min(t.seconds(), from + bucket);
            double worst = Double.NaN;
            for (int s = from; s < to; s++) {
                float v = t.p95Ms(s);
                if (!Float.isNaN(v) && (Double.isNaN(worst) || v > worst)) {
                    worst = v;
                }
            }
            if (Double.isNaN(worst)) {
                worst = Double.isNaN(last) ? 1 : last;
            }
            y[p] = Math.min(worst, ceiling);
            last = y[p];
        }
        return y;
    }
}
