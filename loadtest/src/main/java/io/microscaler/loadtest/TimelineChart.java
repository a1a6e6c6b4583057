package io.microscaler.loadtest;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The timeline as one PNG: three panels on the same time axis (seconds since the load started):
 * requests/s, p95 latency, and tasks desired/running/healthy with a marker for every decision
 * (at the count it went to, one colour per policy/reason, named in the legend). Vertical lines
 * mark the phases (a spike's start and end).
 */
public final class TimelineChart {

    static final int WIDTH = 1400;
    static final int PANEL_HEIGHT = 360;
    /** The plots' background: a colour nothing else in a panel has, so {@link #plotEdge} can find the plot. */
    static final Color PLOT_BACKGROUND = new Color(251, 251, 253);

    public static void write(Timeline timeline, List<Phase> phases, String title, Path png) throws IOException {
        double[] range = xRange(timeline, phases);
        Map<String, ToDoubleFunction<TimelineSample>> load = new LinkedHashMap<>();
        load.put("requests/s, 6 s window", TimelineSample::rps);
        load.put("requests/s, stable window", TimelineSample::rpsStable);
        List<IntFunction<XYChart>> panels = List.of(
                width -> panel(width, range, title + " — load seen by the autoscaler", "req/s", timeline, phases, load),
                width -> panel(width, range, "p95 latency at the image servers", "ms", timeline, phases,
                        Map.of("p95, 6 s window", TimelineSample::p95Ms)),
                width -> tasks(width, range, timeline, phases));
        if (!ImageIO.write(stacked(panels), "png", png.toFile())) {
            throw new IOException("no PNG writer in this JVM");
        }
    }

    /**
     * The panels one above the other with their plots lined up. XChart sizes each y axis to its
     * widest tick label and each legend to its longest name, so every panel's plot starts and ends
     * elsewhere. So each panel is drawn once to find its plot's edges, then drawn again at the
     * width and offset that put its plot between the rightmost left edge and the leftmost right one.
     */
    static BufferedImage stacked(List<IntFunction<XYChart>> panels) {
        int n = panels.size();
        int[] left = new int[n];
        int[] right = new int[n];
        for (int i = 0; i < n; i++) {
            BufferedImage first = BitmapEncoder.getBufferedImage(panels.get(i).apply(WIDTH));
            left[i] = plotEdge(first, true);
            right[i] = plotEdge(first, false);
        }
        int commonLeft = Arrays.stream(left).max().orElse(0);
        int commonRight = Arrays.stream(right).min().orElse(WIDTH - 1);
        BufferedImage out = new BufferedImage(WIDTH, PANEL_HEIGHT * n, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        for (int i = 0; i < n; i++) {
            // Drawn at x = shift and w pixels wide, the plot spans shift + left[i] to shift + right[i] + (w − WIDTH)
            int shift = commonLeft - left[i];
            int width = WIDTH + (commonRight - right[i]) - shift;
            g.drawImage(BitmapEncoder.getBufferedImage(panels.get(i).apply(width)), shift, i * PANEL_HEIGHT, null);
        }
        g.dispose();
        return out;
    }

    /** The outermost column of the plot's background on the left (or right) in the middle rows of a drawn panel. */
    static int plotEdge(BufferedImage image, boolean leftEdge) {
        int background = PLOT_BACKGROUND.getRGB() & 0xFFFFFF;
        int w = image.getWidth();
        int best = leftEdge ? w - 1 : 0;
        for (int y = image.getHeight() / 3; y < image.getHeight() * 2 / 3; y += 7) {
            for (int i = 0; i < w; i++) {
                int x = leftEdge ? i : w - 1 - i;
                if ((image.getRGB(x, y) & 0xFFFFFF) == background) {
                    best = leftEdge ? Math.min(best, x) : Math.max(best, x);
                    break;
                }
            }
        }
        return best;
    }

    private static XYChart panel(int width, double[] range, String title, String yTitle, Timeline timeline, List<Phase> phases,
                                 Map<String, ToDoubleFunction<TimelineSample>> series) {
        XYChart chart = base(width, range, title, yTitle);
        double[] x = timeline.rows().stream().mapToDouble(Timeline.Row::second).toArray();
        series.forEach((name, f) -> {
            double[] y = timeline.rows().stream().mapToDouble(r -> f.applyAsDouble(r.sample())).toArray();
            if (x.length > 0 && Arrays.stream(y).anyMatch(v -> !Double.isNaN(v))) {
                chart.addSeries(name, x, y).setMarker(SeriesMarkers.NONE);
            }
        });
        phaseLines(chart, phases);
        return chart;
    }

    private static XYChart tasks(int width, double[] range, Timeline timeline, List<Phase> phases) {
        XYChart chart = base(width, range, "tasks, and the autoscaler's decisions (marker at the count decided)", "tasks");
        Map<String, Function<TimelineSample, OptionalInt>> counts = new LinkedHashMap<>();
        counts.put("desired", TimelineSample::desired);
        counts.put("running", TimelineSample::running);
        counts.put("healthy", TimelineSample::healthy);
        counts.forEach((name, f) -> {
            List<Double> x = new ArrayList<>();
            List<Integer> y = new ArrayList<>();
            for (Timeline.Row r : timeline.rows()) {
                OptionalInt v = f.apply(r.sample());
                if (v.isPresent()) {
                    x.add(r.second());
                    y.add(v.getAsInt());
                }
            }
            if (!x.isEmpty()) {
                XYSeries s = chart.addSeries(name, x, y);
                s.setMarker(SeriesMarkers.NONE);
                if (name.equals("desired")) {
                    s.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
                }
            }
        });
        // One scatter series per policy/reason, so the legend says why tasks changed
        Map<String, List<Timeline.Mark>> byReason = new LinkedHashMap<>();
        for (Timeline.Mark m : timeline.marks()) {
            byReason.computeIfAbsent(m.decision().policy() + "/" + m.decision().reason(), k -> new ArrayList<>()).add(m);
        }
        byReason.forEach((name, marks) -> {
            XYSeries s = chart.addSeries(name, marks.stream().map(Timeline.Mark::second).toList(),
                    marks.stream().map(m -> m.decision().to()).toList());
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.DIAMOND);
        });
        phaseLines(chart, phases);
        return chart;
    }

    private static XYChart base(int width, double[] range, String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(width).height(PANEL_HEIGHT).title(title)
                .xAxisTitle("seconds since the load started").yAxisTitle(yTitle).build();
        var s = chart.getStyler();
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(PLOT_BACKGROUND);
        s.setPlotGridLinesColor(new Color(225, 225, 225));
        s.setMarkerSize(9);
        s.setYAxisMin(0.0);
        s.setXAxisMin(range[0]);
        s.setXAxisMax(range[1]);
        return chart;
    }

    private static void phaseLines(XYChart chart, List<Phase> phases) {
        for (Phase p : phases) {
            if (p.startSecond() > 0) {
                chart.addAnnotation(new AnnotationLine(p.startSecond(), true, false));
            }
        }
        if (!phases.isEmpty()) {
            chart.addAnnotation(new AnnotationLine(phases.get(phases.size() - 1).endSecond(), true, false));
        }
    }

    /** From the earliest sample or decision (or 0) to the latest (or the end of the last phase). */
    static double[] xRange(Timeline timeline, List<Phase> phases) {
        double min = 0;
        double max = phases.isEmpty() ? 0 : phases.get(phases.size() - 1).endSecond();
        for (Timeline.Row r : timeline.rows()) {
            min = Math.min(min, r.second());
            max = Math.max(max, r.second());
        }
        for (Timeline.Mark m : timeline.marks()) {
            min = Math.min(min, m.second());
            max = Math.max(max, m.second());
        }
        return new double[] {Math.floor(min), Math.ceil(max == min ? min + 1 : max)};
    }

    /** A title naming the run: profile, start and target. */
    public static String title(RunInfo run) {
        return run.profile() + " run from " + Instant.ofEpochMilli(run.startEpochMillis()) + " against " + run.baseUrl();
    }

    private TimelineChart() {
    }
}
