package io.microscaler.policy;

import java.util.Locale;

/** Numbers as messages show them: 100, 2.5, 41.2, 0.05; "n/a" for NaN. */
final class Figures {

    private Figures() {
    }

    static String num(double v) {
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

    static String oneDecimal(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String tasks(int n) {
        return n == 1 ? "1 task" : n + " tasks";
    }
}
