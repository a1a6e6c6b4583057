package io.microscaler.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.microscaler.config.IngestConfig;
import io.microscaler.ingest.DecodeResult.Rejected;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Turns the bytes of one Kafka record into an event, or into the reason it is refused. Never
 * throws: a bad record is data about a producer, not a failure of the autoscaler.
 *
 * <p>This is the hot path of ingest (the aim is about a million events per second per core), so
 * it uses Jackson's streaming parser directly on the record's bytes and reads the fields it knows
 * by name, in any order, skipping the rest: databind, building a tree or a bean per record, was
 * the bottleneck of a measured ingest pipeline (see NOTES.md). Per record it allocates the parser,
 * the event and the event's strings; the fields are read into a scratch object reused per thread.
 * (A record the plain reader reads allocates only the event: its names come from the thread's
 * {@link NameCache}.)
 * Measured here: about 2 M request events of 126 bytes per second on one core. Records in the plain
 * form servers write are read first by {@link PlainEventReader}, without a parser; anything it does
 * not read exactly as this path would goes this path.
 *
 * <p>Thread-safe: instances may be shared; they hold only the limits.
 */
public final class EventDecoder {

    /** Which topic a record came from: it decides which events are expected. */
    public enum Stream {
        /** Request events, and summary events ({@code "type":"summary"}). */
        REQUESTS,
        /** Demand events. */
        DEMAND
    }

    /**
     * One factory for all parsers. Nesting in ignored fields is bounded. A duplicate field is an
     * error, found by {@link EventFields} (cheaper than Jackson's strict duplicate detection).
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build())
            .build();

    private static final ThreadLocal<EventFields> SCRATCH = ThreadLocal.withInitial(EventFields::new);
    /** The last thread's scratch, at hand: ThreadLocal.get per record was 1.4 % of the ingest thread. */
    private volatile EventFields lastScratch = new EventFields();

    private final int maxRecordBytes;
    private final int maxNameLength;
    private final EventChecks checks;
    private final boolean plainReader;

    /**
     * @param maxRecordBytes larger records are refused before parsing (one of that size passes)
     * @param maxNameLength  the longest service, task, type or kind accepted, in characters
     * @param maxFutureSkew  how far ahead of {@code now} an event's timestamp may be (producers'
     *                       clocks are not ours)
     */
    public EventDecoder(int maxRecordBytes, int maxNameLength, Duration maxFutureSkew) {
        this(maxRecordBytes, maxNameLength, maxFutureSkew, true);
    }

    /**
     * A decoder that reads every record with Jackson, without {@link PlainEventReader} first: the
     * decoder as it was, for tests and benchmarks that compare the two.
     */
    public static EventDecoder jacksonOnly(int maxRecordBytes, int maxNameLength, Duration maxFutureSkew) {
        return new EventDecoder(maxRecordBytes, maxNameLength, maxFutureSkew, false);
    }

    private EventDecoder(int maxRecordBytes, int maxNameLength, Duration maxFutureSkew, boolean plainReader) {
        this.plainReader = plainReader;
        if (maxRecordBytes <= 0) {
            throw new IllegalArgumentException("maxRecordBytes must be positive, but was " + maxRecordBytes);
        }
        if (maxNameLength <= 0) {
            throw new IllegalArgumentException("maxNameLength must be positive, but was " + maxNameLength);
        }
        Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
        if (maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("maxFutureSkew must not be negative, but was " + maxFutureSkew);
        }
        this.maxRecordBytes = maxRecordBytes;
        this.maxNameLength = maxNameLength;
        this.checks = new EventChecks(maxFutureSkew.toMillis());
    }

    /** A decoder with the limits of {@code ingest.*}. */
    public static EventDecoder from(IngestConfig config) {
        return new EventDecoder(config.maxRecordBytes(), config.maxNameLength(), config.maxFutureSkew());
    }

    /**
     * Decodes one record's value.
     *
     * @param stream the topic it came from
     * @param value  the record's value, possibly null
     * @param now    the current time, for the future-skew check (time is an argument, see STYLE.md)
     */
    public DecodeResult decode(Stream stream, byte[] value, Instant now) {
        return decode(stream, value, now, null);
    }

    /**
     * As {@link #decode(Stream, byte[], Instant)}, but a request event it accepts is written into
     * {@code into} and null is returned: no objects per record on the ingest verticle's path. Any other
     * result (another event accepted, or a refusal) is returned as {@code decode} returns it.
     */
    DecodeResult decodeInto(Stream stream, byte[] value, Instant now, RequestView into) {
        return decode(stream, value, now, Objects.requireNonNull(into, "into"));
    }

    private DecodeResult decode(Stream stream, byte[] value, Instant now, RequestView into) {
        if (value == null) {
            return new Rejected(RejectReason.EMPTY, "the record has no value (null)");
        }
        if (value.length == 0) {
            return new Rejected(RejectReason.EMPTY, "the record's value is empty (0 bytes)");
        }
        if (value.length > maxRecordBytes) {
            return new Rejected(RejectReason.RECORD_TOO_LARGE, "the record is " + value.length
                    + " bytes, over the limit of " + maxRecordBytes);
        }
        EventFields fields = scratch();
        if (plainReader) {
            // most records: the plain form, read without a parser; anything else, the full path below
            fields.reset(maxNameLength);
            if (PlainEventReader.read(value, fields, maxNameLength)) {
                return checks.toEvent(stream, fields, now, into);
            }
        }
        Rejected notAnObject = notUtf8Object(value);
        if (notAnObject != null) {
            return notAnObject;
        }
        String notUtf8 = StrictUtf8.problem(value);
        if (notUtf8 != null) {
            return new Rejected(RejectReason.NOT_JSON, notUtf8);
        }
        fields.reset(maxNameLength);
        boolean objectRead = false;
        try (JsonParser parser = FACTORY.createParser(value)) {
            parser.nextToken(); // START_OBJECT: checked above
            fields.read(parser);
            objectRead = true;
            JsonToken after = parser.nextToken();
            if (after != null) {
                return new Rejected(RejectReason.NOT_JSON, "more follows the JSON object: " + Texts.found(parser, after));
            }
        } catch (StreamConstraintsException e) {
            return new Rejected(RejectReason.RECORD_TOO_LARGE, jacksonMessage(e));
        } catch (JsonProcessingException e) {
            return parseFailure(e, value.length, objectRead);
        } catch (IOException | RuntimeException e) {
            // Not expected from a parser over a byte array; refused rather than let through or thrown.
            return new Rejected(RejectReason.NOT_JSON, Texts.echo("could not be read: " + e));
        }
        return checks.toEvent(stream, fields, now, into);
    }

    /** This thread's scratch. */
    private EventFields scratch() {
        EventFields fields = lastScratch;
        if (fields.owner != Thread.currentThread()) {
            fields = SCRATCH.get();
            lastScratch = fields;
        }
        return fields;
    }

    private static Rejected parseFailure(JsonProcessingException e, int length, boolean objectRead) {
        String message = jacksonMessage(e);
        if (objectRead) {
            return new Rejected(RejectReason.NOT_JSON, "more follows the JSON object: " + message);
        }
        if (message.startsWith("Duplicate field")) {
            return new Rejected(RejectReason.INVALID_VALUE, message + ": a field may appear only once");
        }
        // Jackson reports some ends of input (between entries) as plain parse errors.
        if (e instanceof JsonEOFException || message.contains("end-of-input")) {
            return new Rejected(RejectReason.TRUNCATED_JSON, "the JSON ends early, after " + length + " bytes: " + message);
        }
        return new Rejected(RejectReason.NOT_JSON, "not valid JSON: " + message);
    }

    /** Jackson's message without the location it appends, cut to an echo's length. */
    private static String jacksonMessage(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        int location = message.indexOf(" (start marker at");
        return Texts.echo(location < 0 ? message : message.substring(0, location));
    }

    /**
     * A cheap look at the first bytes before parsing. Jackson guesses the encoding from them and
     * would read UTF-16 or UTF-32 text (zero bytes among the first four) or skip a byte order mark;
     * the contract is UTF-8 JSON objects, so those, arrays, scalars and binary data stop here.
     */
    private static Rejected notUtf8Object(byte[] value) {
        int first = 0;
        while (first < value.length && isJsonWhitespace(value[first])) {
            first++;
        }
        if (first == value.length) {
            return new Rejected(RejectReason.NOT_JSON, "the record is only whitespace");
        }
        if (value[first] != '{') {
            String what = value[first] == '[' ? "a JSON array" : "byte " + Texts.describeByte(value[first]);
            return new Rejected(RejectReason.NOT_JSON, "an event must be a JSON object, but the record starts with "
                    + what);
        }
        for (int i = 0; i < Math.min(4, value.length); i++) {
            if (value[i] == 0) {
                return new Rejected(RejectReason.NOT_JSON, "the record is not UTF-8 text: a zero byte at " + i);
            }
        }
        return null;
    }

    private static boolean isJsonWhitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }
}
