package io.microscaler.ingest;

import static io.microscaler.ingest.EventDecoder.Stream.DEMAND;
import static io.microscaler.ingest.EventDecoder.Stream.REQUESTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.microscaler.config.IngestConfig;
import io.microscaler.ingest.DecodeResult.Accepted;
import io.microscaler.ingest.DecodeResult.Rejected;
import io.microscaler.ingest.EventDecoder.Stream;
import io.microscaler.window.DemandKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Stream.Builder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decoder as a table: every kind of bad record with the reason it must get, and valid records
 * with every value they must decode to. Records are written with single quotes for readability
 * ({@link #json}); {@code TS} stands for a timestamp one second before {@link #NOW}.
 */
class EventDecoderTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final long TS = NOW.toEpochMilli() - 1_000;
    static final Duration SKEW = Duration.ofSeconds(60);
    static final int MAX_RECORD_BYTES = 65_536;
    static final int MAX_NAME_LENGTH = 256; // the default of ingest.maxNameLength

    final EventDecoder decoder = new EventDecoder(MAX_RECORD_BYTES, MAX_NAME_LENGTH, SKEW);

    static final String REQUEST = "{'v':1,'service':'iiif','ts':TS,'latencyMs':84,'status':200}";

    static java.util.stream.Stream<Arguments> badRecords() {
        Builder<Arguments> t = java.util.stream.Stream.builder();
        // --- not an event at all
        t.add(bad("not JSON", REQUESTS, text("hello, autoscaler"), RejectReason.NOT_JSON, "'h'"));
        t.add(bad("binary garbage", REQUESTS, new byte[] {0, (byte) 0xFF, (byte) 0xFE, 7, 0x1B, (byte) 0x80},
                RejectReason.NOT_JSON, "0x00"));
        t.add(bad("invalid UTF-8 inside a string", REQUESTS,
                concat(text("{\"v\":1,\"service\":\"ii"), new byte[] {(byte) 0xC3, 0x28}, text("f\",\"ts\":1}")),
                RejectReason.NOT_JSON, "UTF-8"));
        // --- strict UTF-8: one character has one encoding, so one service has one name
        t.add(bad("overlong 'i' in service", REQUESTS, withService(0xC1, 0xA9),
                RejectReason.NOT_JSON, "byte 20: 0xc1 0xa9 is an overlong encoding of U+0069 ('i')"));
        t.add(bad("an overlong lead byte ends the record", REQUESTS, concat(text("{\"v\":1,\"service\":\"ii"), bytes(0xC1)),
                RejectReason.NOT_JSON, "byte 20: 0xc1 is an overlong encoding")); // found by EventDecoderEquivalenceTest
        t.add(bad("overlong NUL (modified UTF-8)", REQUESTS, withService(0xC0, 0x80),
                RejectReason.NOT_JSON, "0xc0 0x80 is an overlong encoding of U+0000"));
        t.add(bad("3-byte overlong '/'", REQUESTS, withService(0xE0, 0x80, 0xAF),
                RejectReason.NOT_JSON, "0xe0 0x80 0xaf is an overlong encoding"));
        t.add(bad("4-byte overlong", REQUESTS, withService(0xF0, 0x80, 0x80, 0xAF),
                RejectReason.NOT_JSON, "0xf0 0x80 0x80 0xaf is an overlong encoding"));
        t.add(bad("CESU-8 surrogate in task", REQUESTS, withTask(0xED, 0xA0, 0x80),
                RejectReason.NOT_JSON, "0xed 0xa0 0x80 encodes a UTF-16 surrogate"));
        t.add(bad("CESU-8 surrogate pair (U+1F600) in task", REQUESTS, withTask(0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80),
                RejectReason.NOT_JSON, "surrogate"));
        t.add(bad("low surrogate alone in task", REQUESTS, withTask(0xED, 0xBF, 0xBF),
                RejectReason.NOT_JSON, "surrogate"));
        t.add(bad("above U+10FFFF", REQUESTS, withTask(0xF4, 0x90, 0x80, 0x80),
                RejectReason.NOT_JSON, "above U+10FFFF"));
        t.add(bad("byte 0xf5", REQUESTS, withTask(0xF5, 0x80, 0x80, 0x80), RejectReason.NOT_JSON, "0xf5 never occurs"));
        t.add(bad("byte 0xff", REQUESTS, withTask(0xFF), RejectReason.NOT_JSON, "0xff never occurs"));
        t.add(bad("stray continuation byte", REQUESTS, withTask(0x80), RejectReason.NOT_JSON, "continuation byte with no lead"));
        t.add(bad("lead byte without its continuation", REQUESTS, withTask(0xE2, 0x82, 0x41),
                RejectReason.NOT_JSON, "0x41 is not the continuation byte a 3-byte sequence needs"));
        t.add(bad("overlong in a field nobody reads", REQUESTS,
                concat(text("{\"v\":1,\"note\":\""), bytes(0xC1, 0xA9), text("\",\"service\":\"iiif\",\"ts\":" + TS
                        + ",\"latencyMs\":84,\"status\":200}")), RejectReason.NOT_JSON, "overlong"));
        t.add(bad("cut inside a character", REQUESTS, Arrays.copyOf(json("{'v':1,'service':'bildserver-ü'}"), 30),
                RejectReason.TRUNCATED_JSON, "ends early"));
        t.add(bad("UTF-16 text", REQUESTS, new String(json(REQUEST), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16LE),
                RejectReason.NOT_JSON, "zero byte"));
        t.add(bad("UTF-8 byte order mark", REQUESTS, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, json(REQUEST)),
                RejectReason.NOT_JSON, "0xef"));
        t.add(bad("JSON array", REQUESTS, text("[1,2,3]"), RejectReason.NOT_JSON, "array"));
        t.add(bad("JSON string", REQUESTS, text("\"iiif\""), RejectReason.NOT_JSON, "'\"'"));
        t.add(bad("only whitespace", REQUESTS, text(" \n\t "), RejectReason.NOT_JSON, "whitespace"));
        t.add(bad("single-quoted names", REQUESTS, text(REQUEST.replace("TS", Long.toString(TS))),
                RejectReason.NOT_JSON, "'"));
        t.add(bad("trailing garbage", REQUESTS, concat(json(REQUEST), text(" xyz")), RejectReason.NOT_JSON, "follows"));
        t.add(bad("two objects", REQUESTS, concat(json(REQUEST), json(REQUEST)), RejectReason.NOT_JSON, "follows"));
        t.add(bad("raw control character in a string", REQUESTS, json("{'v':1,'service':'ii\u0001f','ts':TS}"),
                RejectReason.NOT_JSON, "CTRL-CHAR"));
        t.add(bad("NaN", DEMAND, json("{'v':1,'service':'ocr','ts':TS,'kind':'in-flight','value':NaN}"),
                RejectReason.NOT_JSON, "NaN"));
        t.add(bad("truncated JSON", REQUESTS, json("{'v':1,'service':'iiif','ts':TS,'latencyMs':"),
                RejectReason.TRUNCATED_JSON, "ends early"));
        t.add(bad("unterminated string", REQUESTS, json("{'v':1,'service':'ii"), RejectReason.TRUNCATED_JSON, "ends early"));
        t.add(bad("empty value", REQUESTS, new byte[0], RejectReason.EMPTY, "0 bytes"));
        t.add(bad("null value", REQUESTS, null, RejectReason.EMPTY, "null"));
        t.add(bad("500 KB string field", REQUESTS,
                json("{'v':1,'service':'iiif','ts':TS,'latencyMs':5,'status':200,'task':'" + "x".repeat(500_000) + "'}"),
                RejectReason.RECORD_TOO_LARGE, "65536"));
        t.add(bad("deeply nested unknown field", REQUESTS,
                json("{'v':1,'deep':" + "[".repeat(100) + "]".repeat(100) + "}"), RejectReason.RECORD_TOO_LARGE, "nesting"));
        // --- time at work and backlog
        t.add(bad("time at work longer than the latency", REQUESTS,
                json("{'v':1,'service':'iiif','ts':TS,'latencyMs':40,'serviceMs':41,'status':200}"),
                RejectReason.INVALID_VALUE, "serviceMs"));
        t.add(bad("negative time at work", REQUESTS,
                json("{'v':1,'service':'iiif','ts':TS,'latencyMs':40,'serviceMs':-1,'status':200}"),
                RejectReason.NEGATIVE_VALUE, "serviceMs"));
        t.add(bad("busy time beyond the latency sum", REQUESTS,
                json("{'v':1,'type':'summary','service':'iiif','ts':TS,'intervalMs':1000,'count':2,'latencyMsSum':80,'busyMsSum':81}"),
                RejectReason.INVALID_VALUE, "busyMsSum"));
        t.add(bad("negative backlog", REQUESTS,
                json("{'v':1,'type':'summary','service':'iiif','ts':TS,'intervalMs':1000,'count':2,'queued':-3}"),
                RejectReason.NEGATIVE_VALUE, "queued"));
        t.add(bad("time at work as text", REQUESTS,
                json("{'v':1,'service':'iiif','ts':TS,'latencyMs':40,'serviceMs':'fast','status':200}"),
                RejectReason.WRONG_TYPE, "serviceMs"));
        // --- versions and types
        t.add(bad("v 2", REQUESTS, json(REQUEST.replace("'v':1", "'v':2")), RejectReason.UNKNOWN_VERSION, "was 2"));
        t.add(bad("v missing", REQUESTS, json(REQUEST.replace("'v':1,", "")), RejectReason.UNKNOWN_VERSION, "missing"));
        t.add(bad("v as a string", REQUESTS, json(REQUEST.replace("'v':1", "'v':'1'")), RejectReason.UNKNOWN_VERSION, "\"1\""));
        t.add(bad("v 2 outranks wrong field types", REQUESTS,
                json("{'v':2,'service':'iiif','ts':TS,'latencyMs':'fast','status':200}"), RejectReason.UNKNOWN_VERSION, "2"));
        t.add(bad("unknown type", REQUESTS, json(REQUEST.replace("'v':1", "'v':1,'type':'histogram'")),
                RejectReason.UNKNOWN_EVENT_TYPE, "\"histogram\""));
        t.add(bad("a type on the demand topic", DEMAND,
                json("{'v':1,'type':'summary','service':'ocr','ts':TS,'kind':'in-flight','value':3}"),
                RejectReason.UNKNOWN_EVENT_TYPE, "demand topic"));
        // --- missing fields
        t.add(bad("missing service", REQUESTS, json(REQUEST.replace("'service':'iiif',", "")), RejectReason.MISSING_FIELD, "service"));
        t.add(bad("null service", REQUESTS, json(REQUEST.replace("'iiif'", "null")), RejectReason.MISSING_FIELD, "service"));
        t.add(bad("missing ts", REQUESTS, json(REQUEST.replace("'ts':TS,", "")), RejectReason.MISSING_FIELD, "ts"));
        t.add(bad("missing latencyMs", REQUESTS, json(REQUEST.replace("'latencyMs':84,", "")), RejectReason.MISSING_FIELD, "latencyMs"));
        t.add(bad("missing status", REQUESTS, json(REQUEST.replace(",'status':200", "")), RejectReason.MISSING_FIELD, "status"));
        t.add(bad("a demand event on the requests topic", REQUESTS,
                json("{'v':1,'service':'ocr','ts':TS,'kind':'in-flight','value':3}"), RejectReason.MISSING_FIELD, "latencyMs"));
        t.add(bad("summary without count", REQUESTS,
                json("{'v':1,'type':'summary','service':'iiif','ts':TS,'intervalMs':1000}"), RejectReason.MISSING_FIELD, "count"));
        t.add(bad("demand without kind", DEMAND, json("{'v':1,'service':'ocr','ts':TS,'value':3}"), RejectReason.MISSING_FIELD, "kind"));
        // --- wrong types
        t.add(bad("latencyMs \"fast\"", REQUESTS, json(REQUEST.replace("84", "'fast'")), RejectReason.WRONG_TYPE, "latencyMs"));
        t.add(bad("service 42", REQUESTS, json(REQUEST.replace("'iiif'", "42")), RejectReason.WRONG_TYPE, "service"));
        t.add(bad("service an object", REQUESTS, json(REQUEST.replace("'iiif'", "{'id':'iiif'}")), RejectReason.WRONG_TYPE, "object"));
        t.add(bad("ts 1.5e300", REQUESTS, json(REQUEST.replace("TS", "1.5e300")), RejectReason.WRONG_TYPE, "ts"));
        t.add(bad("ts beyond a long", REQUESTS, json(REQUEST.replace("TS", "99999999999999999999")), RejectReason.WRONG_TYPE, "ts"));
        t.add(bad("latencyMs 84.5", REQUESTS, json(REQUEST.replace("84", "84.5")), RejectReason.WRONG_TYPE, "84.5"));
        t.add(bad("status true", REQUESTS, json(REQUEST.replace("200", "true")), RejectReason.WRONG_TYPE, "status"));
        t.add(bad("demand value \"lots\"", DEMAND, json("{'v':1,'service':'ocr','ts':TS,'kind':'queue-depth','value':'lots'}"),
                RejectReason.WRONG_TYPE, "\"lots\""));
        t.add(bad("demand value 1e400", DEMAND, json("{'v':1,'service':'ocr','ts':TS,'kind':'queue-depth','value':1e400}"),
                RejectReason.WRONG_TYPE, "value"));
        // --- values out of range
        t.add(bad("negative latency", REQUESTS, json(REQUEST.replace("84", "-4")), RejectReason.NEGATIVE_VALUE, "-4"));
        t.add(bad("negative bytes", REQUESTS, json(REQUEST.replace("'v':1", "'v':1,'bytes':-1")), RejectReason.NEGATIVE_VALUE, "bytes"));
        t.add(bad("summary interval 0", REQUESTS,
                json("{'v':1,'type':'summary','service':'iiif','ts':TS,'intervalMs':0,'count':1}"), RejectReason.NEGATIVE_VALUE, "intervalMs"));
        t.add(bad("summary negative inFlight", REQUESTS,
                json("{'v':1,'type':'summary','service':'iiif','ts':TS,'intervalMs':1000,'count':1,'inFlight':-2}"),
                RejectReason.NEGATIVE_VALUE, "inFlight"));
        t.add(bad("negative demand", DEMAND, json("{'v':1,'service':'ocr','ts':TS,'kind':'queue-depth','value':-1}"),
                RejectReason.NEGATIVE_VALUE, "value"));
        t.add(bad("status 700", REQUESTS, json(REQUEST.replace("200", "700")), RejectReason.INVALID_VALUE, "700"));
        t.add(bad("status 99", REQUESTS, json(REQUEST.replace("200", "99")), RejectReason.INVALID_VALUE, "99"));
        t.add(bad("errors above count", REQUESTS,
                json("{'v':1,'type':'summary','service':'iiif','ts':TS,'intervalMs':1000,'count':3,'errors':4}"),
                RejectReason.INVALID_VALUE, "errors"));
        t.add(bad("unknown demand kind", DEMAND, json("{'v':1,'service':'ocr','ts':TS,'kind':'cpu','value':1}"),
                RejectReason.INVALID_VALUE, "\"cpu\""));
        t.add(bad("duplicate field", REQUESTS, json(REQUEST.replace("'status':200", "'status':200,'latencyMs':5")),
                RejectReason.INVALID_VALUE, "latencyMs"));
        t.add(bad("duplicate unknown field", REQUESTS, json(REQUEST.replace("'v':1", "'v':1,'x':1,'x':2")),
                RejectReason.INVALID_VALUE, "'x'"));
        t.add(bad("duplicate field, the first null", REQUESTS, json(REQUEST.replace("'v':1", "'v':1,'status':null")),
                RejectReason.INVALID_VALUE, "status"));
        t.add(bad("blank service", REQUESTS, json(REQUEST.replace("'iiif'", "'  '")), RejectReason.INVALID_VALUE, "blank"));
        t.add(bad("300-char service", REQUESTS, json(REQUEST.replace("iiif", "s".repeat(300))), RejectReason.FIELD_TOO_LONG, "300"));
        t.add(bad("300-char task", REQUESTS, json(REQUEST.replace("'v':1", "'v':1,'task':'" + "t".repeat(300) + "'")),
                RejectReason.FIELD_TOO_LONG, "task"));
        t.add(bad("a day in the future", REQUESTS, json(REQUEST.replace("TS", Long.toString(NOW.toEpochMilli() + 86_400_000L))),
                RejectReason.TIME_OUT_OF_RANGE, "ahead"));
        t.add(bad("just past the allowed skew", REQUESTS,
                json(REQUEST.replace("TS", Long.toString(NOW.plus(SKEW).toEpochMilli() + 1))), RejectReason.TIME_OUT_OF_RANGE, "ahead"));
        t.add(bad("ts 0", REQUESTS, json(REQUEST.replace("TS", "0")), RejectReason.TIME_OUT_OF_RANGE, "2000"));
        t.add(bad("ts negative", REQUESTS, json(REQUEST.replace("TS", "-5")), RejectReason.TIME_OUT_OF_RANGE, "-5"));
        t.add(bad("ts in seconds, not milliseconds", REQUESTS, json(REQUEST.replace("TS", Long.toString(TS / 1000))),
                RejectReason.TIME_OUT_OF_RANGE, "2000"));
        return t.build();
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("badRecords")
    void refusesABadRecordWithItsReason(String name, Stream stream, byte[] value, RejectReason reason, String detailMentions) {
        DecodeResult result = decoder.decode(stream, value, NOW);

        assertThat(result).isInstanceOf(Rejected.class);
        Rejected rejected = (Rejected) result;
        assertThat(rejected.reason()).as(rejected.detail()).isEqualTo(reason);
        assertThat(rejected.detail()).contains(detailMentions);
        // A detail echoes at most 80 characters of a value: a 500 KB field does not travel on.
        assertThat(rejected.detail().length()).isLessThan(240);
    }

    static java.util.stream.Stream<Arguments> validRecords() {
        return java.util.stream.Stream.of(
                good("request, every field, shuffled", REQUESTS,
                        "{'task':'t-1','status':200,'bytes':48211,'latencyMs':84,'ts':TS,'service':'iiif','v':1}",
                        new RequestEvent("iiif", TS, 84, 200, 48211, "t-1")),
                good("request without the optional fields", REQUESTS, REQUEST,
                        new RequestEvent("iiif", TS, 84, 200, 0, null)),
                good("request with optional fields null", REQUESTS,
                        "{'v':1,'service':'iiif','ts':TS,'latencyMs':0,'status':503,'bytes':null,'task':null}",
                        new RequestEvent("iiif", TS, 0, 503, 0, null)),
                good("request with unknown fields of every shape", REQUESTS,
                        "{'region':'eu-west-1','v':1,'trace':{'id':'abc','spans':[1,2,{'x':null}]},'service':'iiif',"
                                + "'ts':TS,'cached':true,'latencyMs':12,'ratio':0.25,'status':404,'tags':[]}",
                        new RequestEvent("iiif", TS, 12, 404, 0, null)),
                good("request with whole numbers written as decimals", REQUESTS,
                        "{'v':1.0,'service':'iiif','ts':TS,'latencyMs':84.0,'status':2.0e2}",
                        new RequestEvent("iiif", TS, 84, 200, 0, null)),
                good("task with the edges of well-formed UTF-8", REQUESTS,
                        "{'v':1,'service':'iiif','ts':TS,'latencyMs':84,'status':200,"
                                + "'task':'\u0080\u07ff\u0800\ud7ff\ue000\uffff\ud800\udc00\udbff\udfff\ud83d\ude00'}",
                        new RequestEvent("iiif", TS, 84, 200, 0,
                                "\u0080\u07ff\u0800\ud7ff\ue000\uffff\ud800\udc00\udbff\udfff\ud83d\ude00")),
                good("request pretty-printed, non-ASCII service", REQUESTS,
                        "\n{\n  'v' : 1,\n  'service' : 'bildserver-ü',\n  'ts' : TS,\n  'latencyMs' : 7,\n  'status' : 100\n}\n",
                        new RequestEvent("bildserver-ü", TS, 7, 100, 0, null)),
                good("request at the edge of the allowed skew", REQUESTS,
                        REQUEST.replace("TS", Long.toString(NOW.plus(SKEW).toEpochMilli())),
                        new RequestEvent("iiif", NOW.plus(SKEW).toEpochMilli(), 84, 200, 0, null)),
                good("request with a 256-char service", REQUESTS, REQUEST.replace("iiif", "s".repeat(256)),
                        new RequestEvent("s".repeat(256), TS, 84, 200, 0, null)),
                good("summary, every field, type last", REQUESTS,
                        "{'v':1,'service':'iiif','ts':TS,'intervalMs':1000,'count':420,'errors':3,'latencyMsSum':35280,"
                                + "'latencyMsMax':410,'inFlight':12,'type':'summary'}",
                        new SummaryEvent("iiif", TS, 1000, 420, 3, 35280, 410, 12)),
                good("summary heartbeat: no traffic", REQUESTS,
                        "{'type':'summary','v':1,'service':'iiif','ts':TS,'intervalMs':1000,'count':0}",
                        new SummaryEvent("iiif", TS, 1000, 0, 0, 0, 0, 0)),
                good("summary with an unknown field", REQUESTS,
                        "{'v':1,'type':'summary','service':'iiif','ts':TS,'intervalMs':500,'count':10,'errors':10,'p99':3.5}",
                        new SummaryEvent("iiif", TS, 500, 10, 10, 0, 0, 0)),
                good("request with its time at work", REQUESTS,
                        "{'v':1,'service':'iiif','ts':TS,'latencyMs':84,'serviceMs':40,'status':200}",
                        new RequestEvent("iiif", TS, 84, 200, 0, null, 40)),
                good("summary with busy time and backlog", REQUESTS,
                        "{'v':1,'type':'summary','service':'iiif','ts':TS,'intervalMs':1000,'count':420,'latencyMsSum':35280,"
                                + "'busyMsSum':16800,'queued':8}",
                        new SummaryEvent("iiif", TS, 1000, 420, 0, 35280, 0, 0, 16800, 8)),
                good("queue depth", DEMAND, "{'v':1,'service':'ocr-worker','ts':TS,'kind':'queue-depth','value':1200}",
                        new DemandEvent("ocr-worker", TS, DemandKind.QUEUE_DEPTH, 1200)),
                good("in-flight, decimal, shuffled", DEMAND, "{'value':3.5,'kind':'in-flight','ts':TS,'service':'ocr-worker','v':1}",
                        new DemandEvent("ocr-worker", TS, DemandKind.IN_FLIGHT, 3.5)),
                good("desired tasks zero, unknown field", DEMAND,
                        "{'v':1,'service':'ocr-worker','ts':TS,'kind':'desired-tasks','value':0,'source':{'queue':'q1'}}",
                        new DemandEvent("ocr-worker", TS, DemandKind.DESIRED_TASKS, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validRecords")
    void decodesAValidRecord(String name, Stream stream, byte[] value, IngestEvent expected) {
        DecodeResult result = decoder.decode(stream, value, NOW);

        assertThat(result).isEqualTo(new Accepted(expected));
    }

    @Test
    void aRecordExactlyAtTheSizeLimitPassesAndOneByteMoreDoesNot() {
        String start = "{\"v\":1,\"service\":\"iiif\",\"ts\":" + TS + ",\"latencyMs\":84,\"status\":200,\"pad\":\"";
        String end = "\"}";
        String atLimit = start + "x".repeat(MAX_RECORD_BYTES - start.length() - end.length()) + end;
        assertThat(text(atLimit)).hasSize(MAX_RECORD_BYTES);

        assertThat(decoder.decode(REQUESTS, text(atLimit), NOW)).isInstanceOf(Accepted.class);
        assertThat(decoder.decode(REQUESTS, text(atLimit.replace("\"pad\":\"", "\"pad\":\"x")), NOW))
                .isEqualTo(new Rejected(RejectReason.RECORD_TOO_LARGE, "the record is 65537 bytes, over the limit of 65536"));
    }

    @Test
    void everyCutOfAValidRecordIsTruncatedNeverAnException() {
        byte[] whole = json("{'v':1,'type':'summary','service':'iiif','ts':TS,'intervalMs':1000,'count':420,"
                + "'errors':3,'latencyMsSum':35280,'latencyMsMax':410,'inFlight':12,'extra':[1,{'a':'b'}]}");
        for (int length = 1; length < whole.length; length++) {
            DecodeResult result = decoder.decode(REQUESTS, Arrays.copyOf(whole, length), NOW);
            assertThat(result).as("first %d bytes", length).isInstanceOf(Rejected.class);
            assertThat(((Rejected) result).reason()).as("first %d bytes", length).isEqualTo(RejectReason.TRUNCATED_JSON);
        }
        assertThat(decoder.decode(REQUESTS, whole, NOW)).isInstanceOf(Accepted.class);
    }

    @Test
    void takesItsLimitsFromTheIngestConfig() {
        EventDecoder strict = EventDecoder.from(
                new IngestConfig(1, Duration.ZERO, 200, 4, IngestConfig.UnknownServices.DEAD_LETTER));

        assertThat(strict.decode(REQUESTS, json(REQUEST), NOW)).isInstanceOf(Accepted.class);
        assertThat(strict.decode(REQUESTS, json(REQUEST.replace("iiif", "iiif2")), NOW))
                .extracting(r -> ((Rejected) r).reason()).isEqualTo(RejectReason.FIELD_TOO_LONG);
        assertThat(strict.decode(REQUESTS, json(REQUEST.replace("TS", Long.toString(NOW.toEpochMilli() + 1))), NOW))
                .extracting(r -> ((Rejected) r).reason()).isEqualTo(RejectReason.TIME_OUT_OF_RANGE);
        assertThat(strict.decode(REQUESTS, json(REQUEST.replace("'v':1", "'v':1,'pad':'" + "x".repeat(200) + "'")), NOW))
                .extracting(r -> ((Rejected) r).reason()).isEqualTo(RejectReason.RECORD_TOO_LARGE);
    }

    @Test
    void refusesLimitsThatMakeNoSense() {
        assertThatThrownBy(() -> new EventDecoder(0, 128, SKEW)).hasMessage("maxRecordBytes must be positive, but was 0");
        assertThatThrownBy(() -> new EventDecoder(1024, -1, SKEW)).hasMessage("maxNameLength must be positive, but was -1");
        assertThatThrownBy(() -> new EventDecoder(1024, 128, Duration.ofSeconds(-1)))
                .hasMessage("maxFutureSkew must not be negative, but was PT-1S");
    }

    @Test
    void labelsAreKebabCase() {
        assertThat(RejectReason.NOT_JSON.label()).isEqualTo("not-json");
        assertThat(RejectReason.TIME_OUT_OF_RANGE.label()).isEqualTo("time-out-of-range");
        for (RejectReason r : RejectReason.values()) {
            assertThat(r.label()).matches("[a-z]+(-[a-z]+)*").isEqualTo(r.name().toLowerCase().replace('_', '-'));
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    private static Arguments bad(String name, Stream stream, byte[] value, RejectReason reason, String detailMentions) {
        return arguments(name, stream, value, reason, detailMentions);
    }

    private static Arguments good(String name, Stream stream, String record, IngestEvent expected) {
        return arguments(name, stream, json(record), expected);
    }

    /** The record with single quotes made double and {@code TS} replaced by the timestamp. */
    static byte[] json(String singleQuoted) {
        return text(singleQuoted.replace('\'', '"').replace("TS", Long.toString(TS)));
    }

    /** A request whose service is {@code ii}, the given bytes, then {@code f}. */
    static byte[] withService(int... middle) {
        return concat(text("{\"v\":1,\"service\":\"ii"), bytes(middle),
                text("f\",\"ts\":" + TS + ",\"latencyMs\":84,\"status\":200}"));
    }

    /** A valid request whose task is {@code t-}, then the given bytes. */
    static byte[] withTask(int... tail) {
        return concat(text("{\"v\":1,\"service\":\"iiif\",\"ts\":" + TS + ",\"latencyMs\":84,\"status\":200,\"task\":\"t-"),
                bytes(tail), text("\"}"));
    }

    static byte[] bytes(int... unsigned) {
        byte[] out = new byte[unsigned.length];
        for (int i = 0; i < unsigned.length; i++) {
            out[i] = (byte) unsigned[i];
        }
        return out;
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
