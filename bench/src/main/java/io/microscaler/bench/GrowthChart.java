package io.microscaler.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The cost-growth chart of BENCHMARKS.md: tick CPU time (p50, p99) and heap against the number of
 * services, both axes logarithmic, with a dotted line of linear growth through the first p50 for
 * comparison. Plain Java2D, no chart library. The figures come from {@link TenThousandServices} runs
 * at each size, given as arguments:
 *
 * <pre>
 * java -cp target/bench.jar io.microscaler.bench.GrowthChart docs/images/cost-growth.png \
 *     1000:8.1:10.2:45 10000:83:95:304 50000:420:480:1500     # services:p50 ms:p99 ms:heap MB
 * </pre>
 */
public final class GrowthChart {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 600;
    private static final int LEFT = 90;
    private static final int RIGHT = 200;
    private static final int TOP = 60;
    private static final int BOTTOM = 70;

    record Point(double services, double p50Ms, double p99Ms, double heapMb) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: GrowthChart <out.png> <services:p50:p99:heapMB>...");
        }
        List<Point> points = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String[] f = args[i].split(":");
            if (f.length != 4) {
                throw new IllegalArgumentException("a point is services:p50 ms:p99 ms:heap MB, but was " + args[i]);
            }
            points.add(new Point(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3])));
        }
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = draw(points);
        Path out = Path.of(args[0]);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        ImageIO.write(image, "png", out.toFile());
        System.out.println("wrote " + out);
    }

    static BufferedImage draw(List<Point> points) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);

        double xMin = Math.pow(10, Math.floor(Math.log10(points.stream().mapToDouble(Point::services).min().orElse(1))));
        double xMax = Math.pow(10, Math.ceil(Math.log10(points.stream().mapToDouble(Point::services).max().orElse(10))));
        double yMin = Math.pow(10, Math.floor(Math.log10(points.stream()
                .mapToDouble(p -> Math.min(p.p50Ms(), p.heapMb())).min().orElse(1))));
        double yMax = Math.pow(10, Math.ceil(Math.log10(points.stream()
                .mapToDouble(p -> Math.max(p.p99Ms(), p.heapMb())).max().orElse(10))));
        Axes axes = new Axes(xMin, xMax, yMin, yMax);

        // grid and labels: one line per power of ten, lighter ones at 2 and 5
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (double d = xMin; d <= xMax * 1.0001; d *= 10) {
            for (int m : new int[] {1, 2, 5}) {
                double x = d * m;
                if (x > xMax * 1.0001) {
                    break;
                }
                g.setColor(m == 1 ? new Color(0xcc, 0xcc, 0xcc) : new Color(0xee, 0xee, 0xee));
                g.drawLine(axes.x(x), TOP, axes.x(x), HEIGHT - BOTTOM);
                if (m == 1) {
                    g.setColor(Color.DARK_GRAY);
                    String label = String.format(Locale.ROOT, "%,.0f", x);
                    g.drawString(label, axes.x(x) - g.getFontMetrics().stringWidth(label) / 2, HEIGHT - BOTTOM + 20);
                }
            }
        }
        for (double d = yMin; d <= yMax * 1.0001; d *= 10) {
            for (int m : new int[] {1, 2, 5}) {
                double y = d * m;
                if (y > yMax * 1.0001) {
                    break;
                }
                g.setColor(m == 1 ? new Color(0xcc, 0xcc, 0xcc) : new Color(0xee, 0xee, 0xee));
                g.drawLine(LEFT, axes.y(y), WIDTH - RIGHT, axes.y(y));
                g.setColor(Color.DARK_GRAY);
                String label = String.format(Locale.ROOT, "%,.0f", y);
                if (m == 1 || m == 5) {
                    g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), axes.y(y) + 5);
                }
            }
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("Cost growth on one instance: tick CPU time and heap by services (log-log)", LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.drawString("services on one instance", (LEFT + WIDTH - RIGHT) / 2 - 70, HEIGHT - 25);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString("ms of CPU per tick; MB of heap", -(TOP + HEIGHT - BOTTOM) / 2 - 100, 25);
        rotated.dispose();

        // linear growth through the first p50, for comparison
        Point first = points.get(0);
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 4}, 0));
        g.setClip(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
        g.drawLine(axes.x(xMin), axes.y(first.p50Ms() * xMin / first.services()),
                axes.x(xMax), axes.y(first.p50Ms() * xMax / first.services()));
        g.setClip(null);

        series(g, axes, points, Point::p50Ms, new Color(0x1f, 0x77, 0xb4), "tick CPU p50 (ms)", 0);
        series(g, axes, points, Point::p99Ms, new Color(0xd6, 0x27, 0x28), "tick CPU p99 (ms)", 1);
        series(g, axes, points, Point::heapMb, new Color(0x2c, 0xa0, 0x2c), "heap after GC (MB)", 2);
        g.setColor(Color.GRAY);
        g.drawString("- - linear growth", WIDTH - RIGHT + 15, TOP + 20 + 3 * 24);
        g.dispose();
        return image;
    }

    private static void series(Graphics2D g, Axes axes, List<Point> points, java.util.function.ToDoubleFunction<Point> y,
                               Color colour, String name, int legendRow) {
        g.setColor(colour);
        g.setStroke(new BasicStroke(2.5f));
        for (int i = 1; i < points.size(); i++) {
            g.drawLine(axes.x(points.get(i - 1).services()), axes.y(y.applyAsDouble(points.get(i - 1))),
                    axes.x(points.get(i).services()), axes.y(y.applyAsDouble(points.get(i))));
        }
        for (Point p : points) {
            int px = axes.x(p.services());
            int py = axes.y(y.applyAsDouble(p));
            g.fillOval(px - 5, py - 5, 10, 10);
            // p50's figures below its points, the others above: p50 and p99 lie close together
            g.drawString(String.format(Locale.ROOT, "%,.0f", y.applyAsDouble(p)), px + 8, legendRow == 0 ? py + 18 : py - 6);
        }
        int ly = TOP + 20 + legendRow * 24;
        g.drawLine(WIDTH - RIGHT + 15, ly - 5, WIDTH - RIGHT + 40, ly - 5);
        g.drawString(name, WIDTH - RIGHT + 45, ly);
    }

    private record Axes(double xMin, double xMax, double yMin, double yMax) {

        int x(double v) {
            return LEFT + (int) Math.round((Math.log10(v) - Math.log10(xMin)) / (Math.log10(xMax) - Math.log10(xMin))
                    * (WIDTH - LEFT - RIGHT));
        }

        int y(double v) {
            return HEIGHT - BOTTOM - (int) Math.round((Math.log10(v) - Math.log10(yMin))
                    / (Math.log10(yMax) - Math.log10(yMin)) * (HEIGHT - TOP - BOTTOM));
        }
    }

    private GrowthChart() {
    }
}
