package io.microscaler.loadtest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * A recorded load as requests per second, from a {@code second_offset,requests} file (as in
 * {@code traces/}: a header, then one row per second; seconds without a row had no
 * requests). Immutable; {@link #window}, {@link #compress} and {@link #scale} return new ones.
 */
public final class TraceRates {

    /** The longest trace read: a week of seconds and a little more (the NASA trace is 604,800 rows). */
    static final int MAX_SECONDS = 8 * 24 * 3600;

    private final double[] perSecond;

    private TraceRates(double[] perSecond) {
        this.perSecond = perSecond;
    }

    public static TraceRates of(double... perSecond) {
        for (double r : perSecond) {
            if (!(r >= 0) || Double.isInfinite(r)) {
                throw new IllegalArgumentException("rates must be finite and ≥ 0, but one was " + r);
            }
        }
        return new TraceRates(perSecond.clone());
    }

    /** Reads a trace file, streaming (blocking I/O: at start-up, not in a load run's hot path). */
    public static TraceRates load(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file.toString(), reader.lines().iterator());
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("trace file '" + file + "' cannot be read: " + e.getMessage(), e);
        }
    }

    static TraceRates parse(String name, List<String> lines) {
        return parse(name, lines.iterator());
    }

    private static TraceRates parse(String name, Iterator<String> lines) {
        if (!lines.hasNext()) {
            throw new IllegalArgumentException("trace file '" + name + "' is empty: expected a header second_offset,requests"
                    + " and one row per second");
        }
        String header = lines.next().trim().toLowerCase(Locale.ROOT).replace("\uFEFF", "");
        if (!header.startsWith("second_offset,")) {
            throw new IllegalArgumentException("trace file '" + name + "' line 1: expected the header second_offset,requests,"
                    + " but was '" + cut(header) + "'");
        }
        double[] rates = new double[1024];
        int length = 0;
        int lineNo = 1;
        while (lines.hasNext()) {
            String line = lines.next().trim();
            lineNo++;
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",");
            long second;
            double count;
            try {
                second = Long.parseLong(cells[0].trim());
                count = cells.length < 2 ? Double.NaN : Double.parseDouble(cells[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where(name, lineNo) + "expected second_offset,requests with a whole"
                        + " second and a count, but was '" + cut(line) + "'");
            }
            if (second < 0 || second >= MAX_SECONDS) {
                throw new IllegalArgumentException(where(name, lineNo) + "second_offset must be from 0 to " + (MAX_SECONDS - 1)
                        + ", but was " + second);
            }
            if (!(count >= 0) || Double.isInfinite(count)) {
                throw new IllegalArgumentException(where(name, lineNo) + "requests must be a number ≥ 0, but was '"
                        + (cells.length < 2 ? "" : cut(cells[1].trim())) + "'");
            }
            int s = (int) second;
            if (s >= rates.length) {
                rates = Arrays.copyOf(rates, Math.max(s + 1, rates.length * 2));
            }
            rates[s] += count;
            length = Math.max(length, s + 1);
        }
        if (length == 0) {
            throw new IllegalArgumentException("trace file '" + name + "' has a header but no rows");
        }
        return new TraceRates(Arrays.copyOf(rates, length));
    }

    /** Seconds {@code from} to {@code from + length} of the trace (cut at its end); length ≤ 0: to the end. */
    public TraceRates window(int from, int length) {
        if (from < 0 || from >= perSecond.length) {
            throw new IllegalArgumentException("the window must start within the trace's " + perSecond.length
                    + " s, but started at " + from);
        }
        int end = length <= 0 ? perSecond.length : (int) Math.min(perSecond.length, (long) from + length);
        return new TraceRates(Arrays.copyOfRange(perSecond, from, end));
    }

    /**
     * Plays the trace {@code factor} times faster: each second of the result stands for
     * {@code factor} seconds of the trace, at their mean rate (fractions of a trace second weighed
     * by their overlap). The rates stay as they were, only their changes come sooner: a ×60
     * compression turns an hour's diurnal curve into a minute at the same heights.
     */
    public TraceRates compress(double factor) {
        if (!(factor >= 1) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("compress must be a number ≥ 1, but was " + factor);
        }
        int n = (int) Math.ceil(perSecond.length / factor - 1e-9);
        double[] out = new double[Math.max(1, n)];
        for (int t = 0; t < out.length; t++) {
            double from = t * factor;
            double to = Math.min(perSecond.length, (t + 1) * factor);
            double sum = 0;
            for (int s = (int) Math.floor(from); s < to; s++) {
                double overlap = Math.min(to, s + 1) - Math.max(from, s);
                sum += perSecond[s] * overlap;
            }
            out[t] = to > from ? sum / (to - from) : 0;
        }
        return new TraceRates(out);
    }

    /** Every rate times {@code factor}. */
    public TraceRates scale(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("scale must be a number > 0, but was " + factor);
        }
        return new TraceRates(Arrays.stream(perSecond).map(r -> r * factor).toArray());
    }

    public int seconds() {
        return perSecond.length;
    }

    public double rateAt(int second) {
        return perSecond[second];
    }

    public double peak() {
        return Arrays.stream(perSecond).max().orElse(0);
    }

    public double mean() {
        return Arrays.stream(perSecond).average().orElse(0);
    }

    /**
     * Viewers to start in each second so that, on average, they make these requests: rate ÷
     * requests per session, with the fractions carried over, so that after t seconds exactly
     * ⌊Σ rate ÷ requests per session⌋ have started (small rates lose nothing to rounding).
     */
    public int[] usersPerSecond(double requestsPerSession) {
        if (!(requestsPerSession > 0) || Double.isInfinite(requestsPerSession)) {
            throw new IllegalArgumentException("requestsPerSession must be > 0, but was " + requestsPerSession);
        }
        int[] users = new int[perSecond.length];
        double owed = 0;
        for (int s = 0; s < perSecond.length; s++) {
            owed += perSecond[s] / requestsPerSession;
            users[s] = (int) Math.floor(owed + 1e-9);
            owed -= users[s];
        }
        return users;
    }

    private static String where(String name, int line) {
        return "trace file '" + name + "' line " + line + ": ";
    }

    private static String cut(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
