package io.microscaler.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Numbers as messages show them: 100, 2.5, 41.2, 0.05; "n/a" for NaN.
 *
 * <p>Every evaluation of every service writes a few of these, so they avoid {@link String#format}
 * and regular expressions, which were a tenth of a tick's time (issue 20). The text is the same as
 * {@code String.format(Locale.ROOT, "%.2f", v)} gave: the formatter rounds half up the decimal
 * digits {@link Double#toString} gives, and so does {@link BigDecimal} here. {@code FiguresTest}
 * compares the two on millions of values; outside the magnitudes messages show, the formatter is
 * still used.
 */
final class Figures {

    private Figures() {
    }

    /** A change of the count: "+2", "-1", "0". */
    static String signed(int change) {
        return change > 0 ? "+" + change : Integer.toString(change);
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = fixed(v, Math.abs(v) < 1 ? 3 : 2);
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '0') {
            end--; // trailing zeros of the fraction: 2.50 → 2.5
        }
        if (end > 0 && s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }

    static String oneDecimal(double v) {
        return fixed(v, 1);
    }

    static String tasks(int n) {
        return n == 1 ? "1 task" : n + " tasks";
    }

    /** {@code String.format(Locale.ROOT, "%.<digits>f", v)}, without the formatter where it can. */
    static String fixed(double v, int digits) {
        double magnitude = Math.abs(v);
        if (!(magnitude >= 1e-4 && magnitude < 1e9)) { // NaN, infinities, zero, tiny and huge: the formatter's own way
            return String.format(Locale.ROOT, "%." + digits + "f", v);
        }
        BigDecimal rounded = new BigDecimal(Double.toString(v)).setScale(digits, RoundingMode.HALF_UP);
        String s = rounded.toPlainString();
        // BigDecimal has no negative zero; the formatter writes -0.004 at two digits as -0.00
        return v < 0 && rounded.signum() == 0 ? "-" + s : s;
    }
}
