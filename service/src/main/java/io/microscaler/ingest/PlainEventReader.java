package io.microscaler.ingest;

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
            // a name
            if (i >= n || value[i] != '"') {
                return false;
            }
            int nameStart = i + 1;
            int nameEnd = nameStart;
            while (nameEnd < n && value[nameEnd] != '"') {
                if (value[nameEnd] == '\\') {
                    return false;
                }
                nameEnd++;
            }
            if (nameEnd >= n) {
                return false;
            }
            int field = fieldOf(value, nameStart, nameEnd - nameStart);
            if (field < 0 || (seen & (1 << field)) != 0) {
                return false; // unknown, not read here, or a duplicate: the full path says
            }
            seen |= 1 << field;
            i = skipWhitespace(value, nameEnd + 1);
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
                while (end < n && value[end] != '"') {
                    byte b = value[end];
                    if (b < 0x20 || b > 0x7E || b == '\\') {
                        return false; // control, non-ASCII or an escape
                    }
                    end++;
                }
                if (end >= n || end - start > maxNameLength) {
                    return false;
                }
                String text = new String(value, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1); // ASCII
                switch (field) {
                    case 1 -> fields.service = text;
                    case 6 -> fields.task = text;
                    default -> fields.type = text;
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
     * The field's number in {@link EventFields}' cases for the name's bytes, or -1 if this reader does
     * not read it: a candidate by length and a distinguishing byte, then compared whole (a linear
     * search of the names was a tenth of the ingest thread's time).
     */
    private static int fieldOf(byte[] value, int start, int length) {
        int f = switch (length) {
            case 1 -> 0;                                          // v
            case 2 -> 2;                                          // ts
            case 4 -> value[start + 1] == 'a' ? 6 : 7;            // task, type
            case 5 -> value[start] == 'b' ? 5 : 9;                // bytes, count
            case 6 -> value[start] == 's' ? 4 : value[start] == 'e' ? 10 : 18; // status, errors, queued
            case 7 -> 1;                                          // service
            case 8 -> 13;                                         // inFlight
            case 9 -> value[start] == 'l' ? 3 : value[start] == 's' ? 16 : 17; // latencyMs, serviceMs, busyMsSum
            case 10 -> 8;                                         // intervalMs
            case 12 -> value[start + 11] == 'm' ? 11 : 12;        // latencyMsSum, latencyMsMax
            default -> -1;
        };
        if (f < 0) {
            return -1;
        }
        byte[] name = NAMES[f];
        for (int k = 0; k < length; k++) {
            if (name[k] != value[start + k]) {
                return -1;
            }
        }
        return f;
    }

    private static int skipWhitespace(byte[] value, int i) {
        while (i < value.length && (value[i] == ' ' || value[i] == '\n' || value[i] == '\r' || value[i] == '\t')) {
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
