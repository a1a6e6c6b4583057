package io.microscaler.ingest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * The fields of one event object as read, in any order, in one pass; the checks that need more than
 * one field come afterwards ({@link EventChecks}). One instance per thread is reused record after
 * record, so reading allocates nothing but the strings kept.
 *
 * <p>Fields of the wrong JSON type are not fatal at once: the first such problem is remembered and
 * reading goes on, so that a record with an unknown {@code v} is reported as that (a future version
 * may well have other field types) and the whole record is still checked for being JSON.
 * An explicit {@code null} counts as absent.
 */
final class EventFields {

    static final int V = 1;
    static final int TS = 1 << 1;
    static final int LATENCY_MS = 1 << 2;
    static final int STATUS = 1 << 3;
    static final int BYTES = 1 << 4;
    static final int INTERVAL_MS = 1 << 5;
    static final int COUNT = 1 << 6;
    static final int ERRORS = 1 << 7;
    static final int LATENCY_MS_SUM = 1 << 8;
    static final int LATENCY_MS_MAX = 1 << 9;
    static final int IN_FLIGHT = 1 << 10;
    static final int VALUE = 1 << 11;
    static final int SERVICE_MS = 1 << 12;
    static final int BUSY_MS_SUM = 1 << 13;
    static final int QUEUED = 1 << 14;
    /** {@code time}: epoch seconds as a decimal (nginx's {@code $msec}), read into {@link #timeMs}. */
    static final int TIME = 1 << 15;
    /** {@code requestTime}: seconds as a decimal (nginx's {@code $request_time}), read into {@link #requestTimeMs}. */
    static final int REQUEST_TIME = 1 << 16;
    /** {@code upstreamTime}: seconds, or a list of them, or "-" (nginx's {@code $upstream_response_time}). */
    static final int UPSTREAM_TIME = 1 << 17;

    /** Integers beyond this are not exact in a double: a float token past it is not trusted. */
    private static final double MAX_EXACT_DOUBLE = 9_007_199_254_740_992d; // 2^53

    /** Which numeric fields were present (bits above); text fields are present when not null. */
    int present;
    long v;
    /** What {@code v} was when it was not a whole number (echoed), else null. */
    String vNotNumber;
    String service;
    long ts;
    long latencyMs;
    long status;
    long bytes;
    /** Set by the Jackson path; the plain reader leaves where the text is instead ({@link #task()}). */
    String task;
    /**
     * Where the plain reader found the task, made into text only when asked for: no window reads it,
     * and finding a 32-byte task name in the {@link NameCache} per record was a tenth of the ingest
     * thread's time (issue 20).
     */
    private byte[] taskIn;
    private int taskStart;
    private int taskLength;
    String type;
    long intervalMs;
    long count;
    long errors;
    long latencyMsSum;
    long latencyMsMax;
    long inFlight;
    long serviceMs;
    long busyMsSum;
    long queued;
    String kind;
    double value;
    /** Access-log units, as servers write them (see {@link AccessLogTimes}): milliseconds once read. */
    long timeMs;
    long requestTimeMs;
    /** The upstream's time, or -1 where the server wrote "-" (no upstream was asked). */
    long upstreamTimeMs;
    String source;
    /** What {@code source} was when it was not a string (echoed), else null: only a heartbeat needs one. */
    String sourceNotText;

    /** The first field problem found, or null. */
    RejectReason problem;
    String problemDetail;

    /** The names {@link PlainEventReader} read, kept from record to record. */
    final NameCache names = new NameCache();
    /** The thread this scratch belongs to (it is made on it). */
    final Thread owner = Thread.currentThread();

    private int maxNameLength;
    private long number;
    /** Which known names this object has had (bit i: the name {@link #indexOf} gives i), and the unknown ones. */
    private int namesSeen;
    private final Set<String> otherNames = new HashSet<>(); // reused: clearing it while empty costs nothing

    /** The task's text, or null if the record has none. */
    String task() {
        if (task == null && taskIn != null) {
            task = names.of(taskIn, taskStart, taskLength);
        }
        return task;
    }

    /** The plain reader's task: printable ASCII, checked, at {@code value[start, start + length)}. */
    void taskAt(byte[] value, int start, int length) {
        taskIn = value;
        taskStart = start;
        taskLength = length;
    }

    void reset(int maxNameLength) {
        this.maxNameLength = maxNameLength;
        present = 0;
        namesSeen = 0;
        otherNames.clear();
        vNotNumber = null;
        service = null;
        task = null;
        taskIn = null;
        type = null;
        kind = null;
        source = null;
        sourceNotText = null;
        problem = null;
        problemDetail = null;
        bytes = 0;
        errors = 0;
        latencyMsSum = 0;
        latencyMsMax = 0;
        inFlight = 0;
    }

    boolean has(int field) {
        return (present & field) != 0;
    }

    /** Reads the fields of the object whose START_OBJECT is the current token, up to its END_OBJECT. */
    void read(JsonParser p) throws IOException {
        String name;
        while ((name = p.nextFieldName()) != null) {
            int field = indexOf(name);
            requireFirst(p, name, field);
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (field) {
                case 0 -> readVersion(p, t);
                case 1 -> service = text(p, t, "service");
                case 2 -> ts = whole(p, t, "ts", TS);
                case 3 -> latencyMs = whole(p, t, "latencyMs", LATENCY_MS);
                case 4 -> status = whole(p, t, "status", STATUS);
                case 5 -> bytes = whole(p, t, "bytes", BYTES);
                case 6 -> task = text(p, t, "task");
                case 7 -> type = text(p, t, "type");
                case 8 -> intervalMs = whole(p, t, "intervalMs", INTERVAL_MS);
                case 9 -> count = whole(p, t, "count", COUNT);
                case 10 -> errors = whole(p, t, "errors", ERRORS);
                case 11 -> latencyMsSum = whole(p, t, "latencyMsSum", LATENCY_MS_SUM);
                case 12 -> latencyMsMax = whole(p, t, "latencyMsMax", LATENCY_MS_MAX);
                case 13 -> inFlight = whole(p, t, "inFlight", IN_FLIGHT);
                case 14 -> kind = text(p, t, "kind");
                case 15 -> readValue(p, t);
                case 16 -> serviceMs = whole(p, t, "serviceMs", SERVICE_MS);
                case 17 -> busyMsSum = whole(p, t, "busyMsSum", BUSY_MS_SUM);
                case 18 -> queued = whole(p, t, "queued", QUEUED);
                case 19 -> timeMs = seconds(p, t, "time", TIME);
                case 20 -> requestTimeMs = seconds(p, t, "requestTime", REQUEST_TIME);
                case 21 -> readUpstreamTime(p, t);
                case 22 -> readSource(p, t);
                default -> p.skipChildren(); // unknown field: ignored, whatever its shape
            }
        }
    }

    /** The known field's number, as the cases of {@link #read} use it, or -1. */
    private static int indexOf(String name) {
        return switch (name) {
            case "v" -> 0;
            case "service" -> 1;
            case "ts" -> 2;
            case "latencyMs" -> 3;
            case "status" -> 4;
            case "bytes" -> 5;
            case "task" -> 6;
            case "type" -> 7;
            case "intervalMs" -> 8;
            case "count" -> 9;
            case "errors" -> 10;
            case "latencyMsSum" -> 11;
            case "latencyMsMax" -> 12;
            case "inFlight" -> 13;
            case "kind" -> 14;
            case "value" -> 15;
            case "serviceMs" -> 16;
            case "busyMsSum" -> 17;
            case "queued" -> 18;
            case "time" -> 19;
            case "requestTime" -> 20;
            case "upstreamTime" -> 21;
            case "source" -> 22;
            default -> -1;
        };
    }

    /**
     * A field may appear once (two different latencies in one event cannot both be true). Checked
     * here rather than by Jackson's {@code STRICT_DUPLICATE_DETECTION}, which put every name of every
     * record into a fresh hash set: 15 % of an ingest thread's time. Known names are a bit each;
     * unknown ones (rare) go to a set reused record after record. Objects nested in ignored fields
     * are not checked.
     */
    private void requireFirst(JsonParser p, String name, int field) throws IOException {
        if (field >= 0) {
            int bit = 1 << field;
            if ((namesSeen & bit) != 0) {
                throw duplicate(p, name);
            }
            namesSeen |= bit;
        } else if (!otherNames.add(name)) {
            throw duplicate(p, name);
        }
    }

    /** As Jackson words it, so {@link EventDecoder} reports it the same way. */
    private static JsonParseException duplicate(JsonParser p, String name) {
        return new JsonParseException(p, "Duplicate field '" + name + "'");
    }

    private void readVersion(JsonParser p, JsonToken t) throws IOException {
        present |= V;
        if (isWholeNumber(p, t)) {
            v = number;
        } else {
            vNotNumber = Texts.found(p, t);
            p.skipChildren();
        }
    }

    private void readValue(JsonParser p, JsonToken t) throws IOException {
        if (t.isNumeric()) {
            double d = p.getDoubleValue();
            if (Double.isFinite(d)) {
                value = d;
                present |= VALUE;
                return;
            }
        }
        wrongType(p, t, "value", "a number");
    }

    /** Decimal seconds, as a JSON number or a string of digits, to whole milliseconds. */
    private long seconds(JsonParser p, JsonToken t, String name, int field) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_STRING) {
            long ms = AccessLogTimes.secondsToMillis(p.getText());
            if (ms >= 0) {
                present |= field;
                return ms;
            }
        }
        wrongType(p, t, name, "seconds as a decimal number (0.084 or \"0.084\")");
        return 0;
    }

    /**
     * A heartbeat's shipper id. Other events may carry a {@code source} of their own, of any shape
     * (producers did before heartbeats had one): it is not judged unless the event is a heartbeat.
     */
    private void readSource(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            source = text(p, t, "source");
        } else {
            sourceNotText = Texts.found(p, t);
            p.skipChildren();
        }
    }

    private void readUpstreamTime(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_STRING) {
            long ms = AccessLogTimes.upstreamMillis(p.getText());
            if (ms != AccessLogTimes.INVALID) {
                present |= UPSTREAM_TIME;
                upstreamTimeMs = ms;
                return;
            }
        }
        wrongType(p, t, "upstreamTime", "seconds as nginx writes $upstream_response_time (\"0.012\", \"0.012, 0.030\" or \"-\")");
    }

    /** A whole number that fits a long, from an integer token or an integral float token (84.0). */
    private long whole(JsonParser p, JsonToken t, String name, int field) throws IOException {
        if (isWholeNumber(p, t)) {
            present |= field;
            return number;
        }
        wrongType(p, t, name, "a whole number");
        return 0;
    }

    private boolean isWholeNumber(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType type = p.getNumberType();
            if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
                number = p.getLongValue();
                return true;
            }
            return false; // beyond a long
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            double d = p.getDoubleValue();
            if (Math.abs(d) <= MAX_EXACT_DOUBLE && d == Math.rint(d)) {
                number = (long) d;
                return true;
            }
        }
        return false;
    }

    /** A string of at most maxNameLength characters; longer ones are not even made into a String. */
    private String text(JsonParser p, JsonToken t, String name) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            wrongType(p, t, name, "a string");
            return null;
        }
        int length = p.getTextLength();
        if (length > maxNameLength) {
            problem(RejectReason.FIELD_TOO_LONG, name + " is " + length + " characters long, over the limit of "
                    + maxNameLength + ": " + Texts.found(p, t));
            return null;
        }
        return p.getText();
    }

    private void wrongType(JsonParser p, JsonToken t, String name, String expected) throws IOException {
        if (problem == null) {
            problem(RejectReason.WRONG_TYPE, name + " must be " + expected + ", but was " + Texts.found(p, t));
        }
        p.skipChildren();
    }

    private void problem(RejectReason reason, String detail) {
        if (problem == null) {
            problem = reason;
            problemDetail = detail;
        }
    }
}
