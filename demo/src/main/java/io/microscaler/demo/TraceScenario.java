package io.microscaler.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Replays a recorded arrival trace (as in {@code traces/}) as a {@link Scenario}.
 *
 * <p>Three shapes of file are read, told apart by the header:
 * <ul>
 *   <li>{@code second_offset,requests}: requests that arrived in each second (the shared traces).
 *       If every offset is a multiple of 60, and there are at least two rows, the file is taken
 *       to be per minute (one row per minute, offsets in seconds), and each row's count is spread
 *       evenly over its minute, i.e. count / 60 per second: a per-second file with data only on
 *       minute marks is not a thing real logs produce.</li>
 *   <li>{@code minute_offset,requests}: per minute, offsets in minutes; spread the same way.</li>
 *   <li>{@code arrival_offset_s,...}: one row per request (the Azure requests file); arrivals are
 *       counted per second.</li>
 * </ul>
 * Seconds without a row had no requests. At the end the trace starts again ({@code loop}), so a
 * demo may run longer than its trace; without loop the rate is 0 after the end.
 */
public final class TraceScenario implements Scenario {

    private final String name;
    private final double[] perSecond;
    private final boolean loop;
    private final boolean perMinute;

    private TraceScenario(String name, double[] perSecond, boolean loop, boolean perMinute) {
        this.name = name;
        this.perSecond = perSecond;
        this.loop = loop;
        this.perMinute = perMinute;
    }

    /** Reads the trace file (blocking I/O: not on an event loop) and multiplies its counts by {@code scale}. */
    public static TraceScenario load(Path file, double scale, boolean loop) {
        // Streamed line by line: the NASA week is 604,801 lines.
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file.toString(), reader.lines().iterator(), scale, loop);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException("trace file '" + file + "' cannot be read: " + e.getMessage(), e);
        }
    }

    /** Parses a trace's lines (header first); {@code name} is for messages. */
    static TraceScenario parse(String name, List<String> lines, double scale, boolean loop) {
        return parse(name, lines.iterator(), scale, loop);
    }

    private static TraceScenario parse(String name, Iterator<String> lines, double scale, boolean loop) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a number > 0, but was " + scale);
        }
        if (!lines.hasNext()) {
            throw new IllegalArgumentException("trace file '" + name + "' is empty: expected a header such as "
                    + "second_offset,requests and one row per second");
        }
        String headerLine = lines.next();
        String header = headerLine.trim().toLowerCase(java.util.Locale.ROOT);
        if (header.startsWith("arrival_offset_s")) {
            return arrivals(name, lines, scale, loop);
        }
        boolean minutes = header.startsWith("minute_offset");
        if (!minutes && !header.startsWith("second_offset")) {
            throw new IllegalArgumentException("trace file '" + name + "' line 1: expected a header second_offset,requests"
                    + " (or minute_offset,requests, or arrival_offset_s,...), but was '" + Texts.cut(headerLine) + "'");
        }
        long[] offsets = new long[1024];
        double[] counts = new double[1024];
        int rows = 0;
        boolean allOnMinutes = true;
        long previous = -1;
        for (int i = 1; lines.hasNext(); i++) {
            String line = lines.next().trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != 2) {
                throw rowError(name, i + 1, line, "expected offset,requests");
            }
            long offset = parseOffset(name, i + 1, line, cells[0].trim());
            double count = parseCount(name, i + 1, line, cells[1].trim());
            if (offset <= previous) {
                throw rowError(name, i + 1, line, "offsets must increase, but " + offset + " follows " + previous);
            }
            previous = offset;
            if (rows == offsets.length) {
                offsets = Arrays.copyOf(offsets, rows * 2);
                counts = Arrays.copyOf(counts, rows * 2);
            }
            offsets[rows] = offset;
            counts[rows] = count;
            rows++;
            allOnMinutes &= offset % 60 == 0;
        }
        if (rows == 0) {
            throw new IllegalArgumentException("trace file '" + name + "' has a header but no rows");
        }
        boolean perMinute = minutes || (rows >= 2 && allOnMinutes);
        long secondsPerRow = perMinute ? 60 : 1;
        long offsetUnit = minutes ? 60 : 1;
        long last = offsets[rows - 1] * offsetUnit;
        long length = last + secondsPerRow;
        if (length > 50_000_000L) {
            throw new IllegalArgumentException("trace file '" + name + "' spans " + length + " s; at most 50,000,000 s is read");
        }
        double[] perSecond = new double[(int) length];
        for (int r = 0; r < rows; r++) {
            long first = offsets[r] * offsetUnit;
            double each = counts[r] * scale / secondsPerRow;
            for (long s = first; s < first + secondsPerRow; s++) {
                perSecond[(int) s] = each;
            }
        }
        return new TraceScenario(name, perSecond, loop, perMinute);
    }

    /** One row per request: count arrivals per second. */
    private static TraceScenario arrivals(String name, Iterator<String> lines, double scale, boolean loop) {
        List<Double> offsets = new ArrayList<>();
        double previous = 0;
        for (int i = 1; lines.hasNext(); i++) {
            String line = lines.next().trim();
            if (line.isEmpty()) {
                continue;
            }
            String first = line.split(",", 2)[0].trim();
            double offset;
            try {
                offset = Double.parseDouble(first);
            } catch (NumberFormatException e) {
                throw rowError(name, i + 1, line, "expected an arrival offset in seconds");
            }
            if (!(offset >= 0) || Double.isInfinite(offset) || offset < previous) {
                throw rowError(name, i + 1, line, "arrival offsets must be ≥ 0 and not decrease");
            }
            previous = offset;
            offsets.add(offset);
        }
        if (offsets.isEmpty()) {
            throw new IllegalArgumentException("trace file '" + name + "' has a header but no rows");
        }
        double[] perSecond = new double[(int) Math.floor(previous) + 1];
        for (double offset : offsets) {
            perSecond[(int) Math.floor(offset)] += scale;
        }
        return new TraceScenario(name, perSecond, loop, false);
    }

    private static long parseOffset(String name, int lineNumber, String line, String cell) {
        try {
            long offset = Long.parseLong(cell);
            if (offset >= 0) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw rowError(name, lineNumber, line, "the offset must be a whole number ≥ 0, but was '" + Texts.cut(cell) + "'");
    }

    private static double parseCount(String name, int lineNumber, String line, String cell) {
        try {
            double count = Double.parseDouble(cell);
            if (count >= 0 && !Double.isInfinite(count)) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw rowError(name, lineNumber, line, "requests must be a number ≥ 0, but was '" + Texts.cut(cell) + "'");
    }

    private static IllegalArgumentException rowError(String name, int lineNumber, String line, String expected) {
        return new IllegalArgumentException("trace file '" + name + "' line " + lineNumber + " ('" + Texts.cut(line)
                + "'): " + expected);
    }

    @Override
    public double rateAt(Duration sinceStart) {
        long second = Math.max(0, sinceStart.toSeconds());
        if (second >= perSecond.length) {
            if (!loop) {
                return 0;
            }
            second %= perSecond.length;
        }
        return perSecond[(int) second];
    }

    /** How long one pass over the trace lasts. */
    public Duration length() {
        return Duration.ofSeconds(perSecond.length);
    }

    /** Whether the rows were per minute (and so spread over their minute). */
    public boolean perMinute() {
        return perMinute;
    }

    @Override
    public String describe() {
        double sum = 0;
        double peak = 0;
        for (double r : perSecond) {
            sum += r;
            peak = Math.max(peak, r);
        }
        return "trace " + name + ": " + perSecond.length + " s" + (perMinute ? " (per-minute rows spread over their minute)" : "")
                + ", mean " + Rates.format(Math.round(sum / perSecond.length * 100) / 100.0) + "/s, peak "
                + Rates.format(Math.round(peak * 100) / 100.0) + "/s" + (loop ? ", looping" : "");
    }

    /** Short echoes of input in messages. */
    static final class Texts {
        static String cut(String s) {
            return s.length() <= 60 ? s : s.substring(0, 57) + "...";
        }

        private Texts() {
        }
    }
}
