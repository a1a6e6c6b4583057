package io.microscaler.replay.report;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Task-seconds against SLO-violation seconds, one curve per policy over its swept target, the
 * defaults drawn as diamonds: down and to the left is better on both counts.
 */
public final class ParetoChart {

    /** One swept point of one policy. */
    public record Point(String policy, double utilisation, boolean isDefault, long taskSeconds, long violationSeconds) {
    }

    private static final Map<String, Color> COLOURS = Map.of(
            "microscaler", new Color(0x1f, 0x77, 0xb4),
            "aws-target-tracking", new Color(0xff, 0x7f, 0x0e),
            "hpa", new Color(0x94, 0x67, 0xbd),
            "knative", new Color(0x2c, 0xa0, 0x2c));

    private ParetoChart() {
    }

    /**
     * @param bound the clairvoyant schedules (task-seconds, violation seconds) below which no policy can
     *              go, drawn as a grey step; empty to leave it out
     */
    public static void write(Path file, String title, List<Point> points, List<long[]> bound) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(1000).height(700).title(title)
                .xAxisTitle("task-seconds (the bill)").yAxisTitle("SLO-violation seconds").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        Map<String, List<Point>> byPolicy = new LinkedHashMap<>();
        points.forEach(p -> byPolicy.computeIfAbsent(p.policy(), k -> new java.util.ArrayList<>()).add(p));
        byPolicy.forEach((policy, ps) -> {
            List<Point> sorted = ps.stream().sorted(java.util.Comparator.comparingDouble(Point::utilisation)).toList();
            XYSeries curve = chart.addSeries(policy, sorted.stream().mapToDouble(Point::taskSeconds).toArray(),
                    sorted.stream().mapToDouble(Point::violationSeconds).toArray());
            curve.setMarker(SeriesMarkers.CIRCLE);
            curve.setLineColor(COLOURS.getOrDefault(policy, Color.DARK_GRAY));
            curve.setMarkerColor(COLOURS.getOrDefault(policy, Color.DARK_GRAY));
            sorted.stream().filter(Point::isDefault).findFirst().ifPresent(d -> {
                XYSeries mark = chart.addSeries(policy + " default", new double[] {d.taskSeconds()},
                        new double[] {d.violationSeconds()});
                mark.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                mark.setMarker(SeriesMarkers.DIAMOND);
                mark.setMarkerColor(COLOURS.getOrDefault(policy, Color.DARK_GRAY).darker());
            });
        });
        if (!bound.isEmpty()) {
            XYSeries limit = chart.addSeries("no schedule below (clairvoyant bound)",
                    bound.stream().mapToDouble(b -> b[0]).toArray(), bound.stream().mapToDouble(b -> b[1]).toArray());
            limit.setMarker(SeriesMarkers.NONE);
            limit.setLineColor(Color.GRAY);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
