package io.microscaler.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleConsumer;
import org.junit.jupiter.api.Test;

/**
 * The figures in messages are the text {@link String#format} gave before issue 20, character for
 * character: on seeded values of every magnitude messages show, on decimal ties (2.345, 0.1235),
 * on their neighbours one ulp away, on negatives and on the edges of the fast path.
 */
class FiguresTest {

    /** Figures.num as it was: the formatter and a regular expression. */
    private static String formerNum(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, Math.abs(v) < 1 ? "%.3f" : "%.2f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static void check(double v) {
        assertThat(Figures.num(v)).as("num(%s)", v).isEqualTo(formerNum(v));
        for (int digits = 1; digits <= 3; digits++) {
            assertThat(Figures.fixed(v, digits)).as("fixed(%s, %d)", v, digits)
                    .isEqualTo(String.format(Locale.ROOT, "%." + digits + "f", v));
        }
        assertThat(Figures.oneDecimal(v)).isEqualTo(String.format(Locale.ROOT, "%.1f", v));
    }

    private static void withNeighbours(double v, DoubleConsumer check) {
        check.accept(v);
        check.accept(Math.nextUp(v));
        check.accept(Math.nextDown(v));
        check.accept(-v);
    }

    @Test
    void sameTextAsTheFormatterOnSeededValues() {
        SplittableRandom random = new SplittableRandom(20);
        for (int i = 0; i < 10_000; i++) {
            double magnitude = Math.pow(10, -6 + random.nextDouble() * 17); // 1e-6 … 1e11
            withNeighbours(magnitude, FiguresTest::check);
        }
    }

    @Test
    void sameTextAsTheFormatterOnDecimalTies() {
        SplittableRandom random = new SplittableRandom(21);
        for (int i = 0; i < 5_000; i++) {
            int scale = 1 + random.nextInt(4);
            long unscaled = random.nextLong(10_000_000L) * 10 + 5; // ends in 5: a tie at one digit fewer
            double v = unscaled / Math.pow(10, scale + 1);
            withNeighbours(v, FiguresTest::check);
        }
    }

    @Test
    void sameTextAsTheFormatterAtTheEdges() {
        double[] edges = {0.0, -0.0, 1e-4, 1e9, 0.9995, 0.99949999, 0.0005, 0.00049999, 0.00005, 9.995, 99.995,
                999_999_999.995, 1.005, 2.675, 0.125, 0.375, 1e15, 1e16, Double.MIN_VALUE, Double.MAX_VALUE,
                Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (double v : edges) {
            withNeighbours(v, FiguresTest::check);
        }
    }
}
