package io.microscaler.replay.trace;

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
import java.util.SplittableRandom;

/**
 * Reads a trace in the {@code second_offset,requests} format of {@code traces/}: a header,
 * then one row per second with the requests that arrived in it. Seconds without a row had none.
 *
 * <h2>Per-minute traces</h2>
 * If every offset is a multiple of 60 (and there are at least two rows), the rows are taken to be
 * per minute, as traces aggregated from logs by the minute are: real per-second logs do not put
 * every request on a minute mark. Each of a minute's requests then arrives in a second drawn
 * uniformly from its minute, so the minute keeps its count and no second gets an artificial
 * burst of 60 seconds' worth.
 *
 * <h2>Scale</h2>
 * Counts are multiplied by {@code scale}. A fractional result is rounded stochastically (2.3 becomes
 * 3 with probability 0.3, else 2) with a fixed seed, so the expected total is kept exactly and the
 * same seed gives the same trace: scale 0.5 of a trace of 1-request seconds is half its seconds
 * with 1 request, not all of them with 0 or 1 by rounding.
 *
 * <p>Every error names the file, the line and what was expected.
 */
public final class TraceReader {

    public static final String HEADER = "second_offset,requests";
    /** A week is 604,800 s; longer traces are refused rather than allocated blindly. */
    static final int MAX_SECONDS = 50_000_000;
    /** After scaling: more than this in one second is a mistake in --scale, not a load to model. */
    static final double MAX_PER_SECOND = 10_000_000;

    private TraceReader() {
    }

    /** Reads the file (blocking I/O: call it from a command, not an event loop). */
    public static Trace read(Path file, double scale, long seed) {
        String name = file.getFileName().toString().replaceFirst("\\.csv$", "");
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file.toString(), name, reader.lines().iterator(), scale, seed);
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("trace file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Parses the lines of a trace (header first); {@code where} names it in messages. */
    public static Trace parse(String where, String name, List<String> lines, double scale, long seed) {
        return parse(where, name, lines.iterator(), scale, seed);
    }

    private static Trace parse(String where, String name, Iterator<String> lines, double scale, long seed) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("--scale must be a number > 0, but was " + scale);
        }
        if (!lines.hasNext()) {
            throw new IllegalArgumentException("trace file " + where + " is empty: expected the header " + HEADER);
        }
        String header = lines.next();
        if (!header.strip().replace(" ", "").toLowerCase(Locale.ROOT).equals(HEADER)) {
            throw new IllegalArgumentException("trace file " + where + " line 1: expected the header " + HEADER
                    + ", but was '" + cut(header) + "'");
        }
        Rows rows = new Rows();
        int lineNumber = 1;
        while (lines.hasNext()) {
            String line = lines.next();
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            rows.add(where, lineNumber, line);
        }
        if (rows.size == 0) {
            throw new IllegalArgumentException("trace file " + where + " has the header but no rows: expected "
                    + "one row per second, e.g. 0,12");
        }
        boolean perMinute = rows.size >= 2 && rows.allOnMinutes;
        int secondsPerRow = perMinute ? 60 : 1;
        long length = rows.offsets[rows.size - 1] + secondsPerRow;
        if (length > MAX_SECONDS) {
            throw new IllegalArgumentException("trace file " + where + " spans " + length + " s: at most "
                    + MAX_SECONDS + " s are replayed");
        }
        int[] perSecond = new int[(int) length];
        SplittableRandom random = new SplittableRandom(seed);
        for (int r = 0; r < rows.size; r++) {
            double scaled = rows.counts[r] * scale;
            if (scaled / secondsPerRow > MAX_PER_SECOND) {
                throw new IllegalArgumentException("trace file " + where + " line " + rows.lines[r] + ": "
                        + rows.counts[r] + " requests × scale " + scale + " is more than " + (long) MAX_PER_SECOND
                        + " per second: expected a smaller --scale");
            }
            long count = stochasticRound(scaled, random);
            int first = (int) rows.offsets[r];
            if (perMinute) {
                for (long i = 0; i < count; i++) {
                    perSecond[first + random.nextInt(60)]++;
                }
            } else {
                perSecond[first] = (int) count;
            }
        }
        return new Trace(name, perSecond, perMinute, scale);
    }

    /** floor(x), plus one with probability frac(x): the expected value is x. */
    static long stochasticRound(double x, SplittableRandom random) {
        double floor = Math.floor(x);
        double fraction = x - floor;
        return (long) floor + (fraction > 0 && random.nextDouble() < fraction ? 1 : 0);
    }

    private static String cut(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /** The parsed rows, growing as needed (the NASA week has 604,800). */
    private static final class Rows {
        long[] offsets = new long[1024];
        double[] counts = new double[1024];
        int[] lines = new int[1024];
        int size;
        boolean allOnMinutes = true;

        void add(String where, int lineNumber, String line) {
            String[] cells = line.split(",", -1);
            if (cells.length != 2) {
                throw rowError(where, lineNumber, line, "expected two cells, second_offset,requests");
            }
            long offset = offset(where, lineNumber, line, cells[0].strip());
            double count = count(where, lineNumber, line, cells[1].strip());
            if (size > 0 && offset <= offsets[size - 1]) {
                throw rowError(where, lineNumber, line, "expected offsets that increase, but " + offset
                        + " follows " + offsets[size - 1]);
            }
            if (offset >= MAX_SECONDS) {
                throw rowError(where, lineNumber, line, "expected an offset below " + MAX_SECONDS + " s");
            }
            if (size == offsets.length) {
                offsets = Arrays.copyOf(offsets, size * 2);
                counts = Arrays.copyOf(counts, size * 2);
                lines = Arrays.copyOf(lines, size * 2);
            }
            offsets[size] = offset;
            counts[size] = count;
            lines[size] = lineNumber;
            size++;
            allOnMinutes &= offset % 60 == 0;
        }

        private static long offset(String where, int lineNumber, String line, String cell) {
            try {
                long offset = Long.parseLong(cell);
                if (offset >= 0) {
                    return offset;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw rowError(where, lineNumber, line, "expected a second_offset that is a whole number >= 0, but was '"
                    + cut(cell) + "'");
        }

        private static double count(String where, int lineNumber, String line, String cell) {
            try {
                double count = Double.parseDouble(cell);
                if (count >= 0 && !Double.isInfinite(count)) {
                    return count;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw rowError(where, lineNumber, line, "expected requests that are a number >= 0, but was '"
                    + cut(cell) + "'");
        }

        private static IllegalArgumentException rowError(String where, int lineNumber, String line, String expected) {
            return new IllegalArgumentException("trace file " + where + " line " + lineNumber + " ('" + cut(line) + "'): "
                    + expected);
        }
    }
}
