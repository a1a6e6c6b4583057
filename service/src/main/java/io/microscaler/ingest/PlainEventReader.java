package io.microscaler.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A reader for the plain form of request and summary events, straight from the record's bytes:
 * {@code {"v":1,"service":"iiif","ts":1767225600123,"latencyMs":84,"status":200,"bytes":48211,"task":"t-1"}}.
 * Creating a Jackson parser per record, Jackson's tokens and names, and the separate UTF-8 check
 * were most of the ingest thread's time (issue 20); servers write events in this form.
 *
 * <p>It reads only what it can read exactly as {@link EventFields} reads it with Jackson, and gives
 * up on anything else, leaving the record to {@link EventDecoder}'s full path: then nothing is lost,
 * and every refusal (its reason and its words for the dead-letter topic) comes from that one path.
 * It reads: an object of known field names (no escapes), each at most once; whole numbers of up to
 * 18 digits (no fraction, no exponent, no leading zero) for the number fields; strings of printable
 * ASCII without escapes, no longer than {@code maxNameLength}, for {@code service}, {@code task}
 * and {@code type}; JSON whitespace between tokens. It gives up on {@code null}, on other fields
 * (demand, access-log times, heartbeats, unknown names), on any other byte (so a record it reads is
 * ASCII, hence valid UTF-8), and on anything after the object but whitespace.
 *
 * <p>{@code EventDecoderEquivalenceTest} decodes seeded records, plain and mutated, both ways.
 * Thread-safe: it fills the caller's {@link EventFields}.
 */
final class PlainEventReader {

    private static final byte[][] NAMES = names(
            "v", "service", "ts", "latencyMs", "status", "bytes", "task", "type", "intervalMs", "count", "errors",
            "latencyMsSum", "latencyMsMax", "inFlight", null, null, "serviceMs", "busyMsSum", "queued");
    private static final int MAX_DIGITS = 18; // any 18 digits fit a long

    /** Eight bytes at a time, where a word tells all that is needed (names, the bytes of a string). */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    // each known name and its closing quote as (up to) two little-endian words and their masks
    private static final long[] NAME_WORD = new long[NAMES.length];
    private static final long[] NAME_MASK = new long[NAMES.length];
    private static final long[] NAME_WORD_2 = new long[NAMES.length];
    private static final long[] NAME_MASK_2 = new long[NAMES.length];

    static {
        for (int f = 0; f < NAMES.length; f++) {
            if (NAMES[f] == null) {
                continue;
            }
            byte[] quoted = java.util.Arrays.copyOf(NAMES[f], NAMES[f].length + 1);
            quoted[NAMES[f].length] = '"';
            for (int k = 0; k < quoted.length; k++) {
                long b = (quoted[k] & 0xFFL) << (8 * (k % 8));
                long m = 0xFFL << (8 * (k % 8));
                if (k < 8) {
                    NAME_WORD[f] |= b;
                    NAME_MASK[f] |= m;
                } else {
                    NAME_WORD_2[f] |= b;
                    NAME_MASK_2[f] |= m;
                }
            }
        }
    }

    private PlainEventReader() {
    }

    /**
     * Reads {@code value} into {@code fields} (reset by the caller).
     *
     * @return whether it read the whole record; if not, {@code fields} holds nothing useful
     */
    static boolean read(byte[] value, EventFields fields, int maxNameLength) {
        int n = value.length;
        int i = skipWhitespace(value, 0);
        if (i >= n || value[i] != '{') {
            return false;
        }
        i = skipWhitespace(value, i + 1);
        if (i < n && value[i] == '}') {
            return end(value, i + 1); // {}: the checks refuse it as Jackson's path would
        }
        int seen = 0;
        while (true) {
            // a name: a known one compared where it stands, then its closing quote
            if (i >= n || value[i] != '"') {
                return false;
            }
            int field = fieldAt(value, i + 1);
            if (field < 0 || (seen & (1 << field)) != 0) {
                return false; // unknown, not read here, escaped, or a duplicate: the full path says
            }
            seen |= 1 << field;
            i = skipWhitespace(value, i + 1 + NAMES[field].length + 1);
            if (i >= n || value[i] != ':') {
                return false;
            }
            i = skipWhitespace(value, i + 1);
            if (i >= n) {
                return false;
            }
            // its value
            if (field == 1 || field == 6 || field == 7) {
                if (value[i] != '"') {
                    return false;
                }
                int start = i + 1;
                int end = start;
                // whole words of plain bytes first, then byte by byte from the word that holds the quote
                while (end + 8 <= n && end - start <= maxNameLength && !mayEndOrBreak((long) LONGS.get(value, end))) {
                    end += 8;
                }
                while (true) {
                    if (end >= n || end - start > maxNameLength) {
                        return false;
                    }
                    byte b = value[end];
                    if (b == '"') {
                        break;
                    }
                    if (b < 0x20 || b > 0x7E || b == '\\') {
                        return false; // control, non-ASCII or an escape
                    }
                    end++;
                }
                switch (field) {
                    case 1 -> fields.service = fields.names.of(value, start, end - start); // ASCII
                    case 6 -> fields.taskAt(value, start, end - start);
                    default -> fields.type = fields.names.of(value, start, end - start);
                }
                i = end + 1;
            } else {
                boolean negative = value[i] == '-';
                int start = negative ? i + 1 : i;
                int end = start;
                long number = 0;
                while (end < n && value[end] >= '0' && value[end] <= '9') {
                    number = number * 10 + (value[end] - '0');
                    end++;
                }
                int digits = end - start;
                if (digits == 0 || digits > MAX_DIGITS || (digits > 1 && value[start] == '0')) {
                    return false;
                }
                if (end < n && (value[end] == '.' || value[end] == 'e' || value[end] == 'E')) {
                    return false;
                }
                set(fields, field, negative ? -number : number);
                i = end;
            }
            i = skipWhitespace(value, i);
            if (i >= n) {
                return false;
            }
            if (value[i] == '}') {
                return end(value, i + 1);
            }
            if (value[i] != ',') {
                return false;
            }
            i = skipWhitespace(value, i + 1);
        }
    }

    /** As {@link EventFields}' cases set a whole number, by the field's number there. */
    private static void set(EventFields f, int field, long number) {
        switch (field) {
            case 0 -> {
                f.present |= EventFields.V;
                f.v = number;
            }
            case 2 -> {
                f.present |= EventFields.TS;
                f.ts = number;
            }
            case 3 -> {
                f.present |= EventFields.LATENCY_MS;
                f.latencyMs = number;
            }
            case 4 -> {
                f.present |= EventFields.STATUS;
                f.status = number;
            }
            case 5 -> {
                f.present |= EventFields.BYTES;
                f.bytes = number;
            }
            case 8 -> {
                f.present |= EventFields.INTERVAL_MS;
                f.intervalMs = number;
            }
            case 9 -> {
                f.present |= EventFields.COUNT;
                f.count = number;
            }
            case 10 -> {
                f.present |= EventFields.ERRORS;
                f.errors = number;
            }
            case 11 -> {
                f.present |= EventFields.LATENCY_MS_SUM;
                f.latencyMsSum = number;
            }
            case 12 -> {
                f.present |= EventFields.LATENCY_MS_MAX;
                f.latencyMsMax = number;
            }
            case 13 -> {
                f.present |= EventFields.IN_FLIGHT;
                f.inFlight = number;
            }
            case 16 -> {
                f.present |= EventFields.SERVICE_MS;
                f.serviceMs = number;
            }
            case 17 -> {
                f.present |= EventFields.BUSY_MS_SUM;
                f.busyMsSum = number;
            }
            case 18 -> {
                f.present |= EventFields.QUEUED;
                f.queued = number;
            }
            default -> throw new IllegalStateException("not a number field: " + field);
        }
    }

    /** Only whitespace may follow the object. */
    private static boolean end(byte[] value, int from) {
        return skipWhitespace(value, from) == value.length;
    }

    /**
     * The field's number in {@link EventFields}' cases for the name starting at {@code start} (after
     * its opening quote), or -1 if this reader does not read it: a candidate by a byte or two that
     * tell the names apart, then compared whole where it stands, closing quote included. A name
     * that is not exactly one of these, escaped or longer, fails the comparison. (Finding the closing
     * quote first and then the name by its length, and before that a linear search of the names,
     * cost a tenth of the ingest thread's time.)
     */
    private static int fieldAt(byte[] value, int start) {
        int n = value.length;
        if (start + 1 >= n) {
            return -1;
        }
        byte second = value[start + 1];
        int f = switch (value[start]) {
            case 'v' -> 0;                                                         // v
            case 's' -> second == 't' ? 4 : at(value, start + 7) == '"' ? 1 : 16; // status, service, serviceMs
            case 't' -> second == 's' ? 2 : second == 'a' ? 6 : 7;                // ts, task, type
            case 'l' -> at(value, start + 9) == '"' ? 3 : at(value, start + 9) == 'S' ? 11 : 12; // latencyMs…
            case 'b' -> second == 'y' ? 5 : 17;                                    // bytes, busyMsSum
            case 'i' -> at(value, start + 2) == 't' ? 8 : 13;                      // intervalMs, inFlight
            case 'c' -> 9;                                                         // count
            case 'e' -> 10;                                                        // errors
            case 'q' -> 18;                                                        // queued
            default -> -1;
        };
        if (f < 0) {
            return -1;
        }
        byte[] name = NAMES[f];
        int length = name.length;
        if (start + 16 <= n) { // the name and its quote in one or two words
            return ((long) LONGS.get(value, start) & NAME_MASK[f]) == NAME_WORD[f]
                    && ((long) LONGS.get(value, start + 8) & NAME_MASK_2[f]) == NAME_WORD_2[f] ? f : -1;
        }
        if (start + length >= n || value[start + length] != '"') {
            return -1;
        }
        for (int k = 0; k < length; k++) {
            if (name[k] != value[start + k]) {
                return -1;
            }
        }
        return f;
    }

    /**
     * Whether any of the eight bytes (little-endian) is one a plain string stops or breaks on: a quote, a
     * backslash, a control byte, 0x7F or above. Never false when one is; now and then true when none
     * is (a borrow between bytes), which costs only a look at that word byte by byte.
     */
    private static boolean mayEndOrBreak(long w) {
        long quote = w ^ (ONES * '"');
        long backslash = w ^ (ONES * '\\');
        long delete = w ^ (ONES * 0x7F);
        long found = ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | ((delete - ONES) & ~delete)
                | ((w - ONES * 0x20) & ~w) | w;
        return (found & HIGHS) != 0;
    }

    /** The byte at {@code i}, or 0 past the end. */
    private static byte at(byte[] value, int i) {
        return i < value.length ? value[i] : 0;
    }

    private static int skipWhitespace(byte[] value, int i) {
        while (i < value.length) {
            byte b = value[i];
            if (b > ' ' || (b != ' ' && b != '\n' && b != '\r' && b != '\t')) { // mostly the first test
                break;
            }
            i++;
        }
        return i;
    }

    private static byte[][] names(String... names) {
        byte[][] bytes = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            bytes[i] = names[i] == null ? null : names[i].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
        return bytes;
    }
}
