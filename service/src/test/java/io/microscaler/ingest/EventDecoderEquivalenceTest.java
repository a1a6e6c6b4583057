package io.microscaler.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.ingest.EventDecoder.Stream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The decoder with {@link PlainEventReader} first decodes every record as the decoder with Jackson
 * alone does: the same event, or the same refusal with the same words. Seeded records in the plain
 * form, with whitespace and fields in any order, then mutated: bytes changed, cut, inserted or
 * repeated, escapes, fractions, exponents, leading zeros, long numbers, nulls, non-ASCII text,
 * names over the limit, unknown and duplicate fields. Also counts how many the plain reader took, so
 * that the test cannot pass by its giving up on everything.
 */
class EventDecoderEquivalenceTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final int MAX_NAME_LENGTH = 12;

    final EventDecoder decoder = new EventDecoder(4096, MAX_NAME_LENGTH, Duration.ofSeconds(60));
    final EventDecoder jackson = EventDecoder.jacksonOnly(4096, MAX_NAME_LENGTH, Duration.ofSeconds(60));

    @Test
    void decodesEveryRecordAsJacksonAloneDoes() {
        SplittableRandom random = new SplittableRandom(20);
        int accepted = 0;
        int plain = 0;
        for (int round = 0; round < 60_000; round++) {
            byte[] record = record(random);
            if (round % 2 == 1) {
                record = mutate(record, random);
            }
            Stream stream = random.nextInt(10) == 0 ? Stream.DEMAND : Stream.REQUESTS;
            DecodeResult expected = jackson.decode(stream, record, NOW);
            DecodeResult actual = decoder.decode(stream, record, NOW);
            assertThat(actual).as("round %d: %s", round, new String(record, StandardCharsets.ISO_8859_1))
                    .isEqualTo(expected);
            if (expected instanceof DecodeResult.Accepted) {
                accepted++;
            }
            assertSameWrittenInto(decoder, stream, record, actual);
            assertSameWrittenInto(jackson, stream, record, expected);
            EventFields fields = new EventFields();
            fields.reset(MAX_NAME_LENGTH);
            if (PlainEventReader.read(record, fields, MAX_NAME_LENGTH)) {
                plain++;
            }
        }
        assertThat(accepted).as("records accepted").isGreaterThan(15_000);
        assertThat(plain).as("records the plain reader read").isGreaterThan(15_000);
    }

    /** One view for all records, as the verticle has: every figure must be written again each time. */
    final RequestView view = new RequestView();

    /** The ingest verticle's way: a request event written into a view, anything else as {@code decode} returns it. */
    private void assertSameWrittenInto(EventDecoder decoder, Stream stream, byte[] record, DecodeResult decoded) {
        DecodeResult into = decoder.decodeInto(stream, record, NOW, view);
        String as = new String(record, StandardCharsets.ISO_8859_1);
        if (decoded instanceof DecodeResult.Accepted a && a.event() instanceof RequestEvent event) {
            assertThat(into).as(as).isNull();
            assertThat(view.toEvent()).as(as).isEqualTo(event);
        } else {
            assertThat(into).as(as).isEqualTo(decoded);
        }
    }

    /** A request or summary event in the plain form, fields shuffled, whitespace now and then. */
    private static byte[] record(SplittableRandom random) {
        long ts = NOW.toEpochMilli() - random.nextInt(120_000) + random.nextInt(1000);
        List<String> fields = new ArrayList<>();
        fields.add("\"v\":" + (random.nextInt(20) == 0 ? 2 : 1));
        fields.add("\"service\":\"" + name(random) + "\"");
        fields.add("\"ts\":" + ts);
        if (random.nextInt(4) == 0) {
            fields.add("\"type\":\"" + (random.nextInt(10) == 0 ? "other" : "summary") + "\"");
            long count = random.nextInt(1000);
            fields.add("\"intervalMs\":" + (1 + random.nextInt(2000)));
            fields.add("\"count\":" + count);
            fields.add("\"errors\":" + random.nextInt((int) count + 2));
            fields.add("\"latencyMsSum\":" + random.nextInt(100_000));
            fields.add("\"latencyMsMax\":" + random.nextInt(5_000));
            if (random.nextBoolean()) {
                fields.add("\"inFlight\":" + random.nextInt(50));
            }
            if (random.nextBoolean()) {
                fields.add("\"busyMsSum\":" + random.nextInt(50_000));
            }
            if (random.nextBoolean()) {
                fields.add("\"queued\":" + random.nextInt(50));
            }
        } else {
            fields.add("\"latencyMs\":" + random.nextInt(5_000));
            fields.add("\"status\":" + (random.nextInt(10) == 0 ? 503 : 200));
            if (random.nextBoolean()) {
                fields.add("\"bytes\":" + random.nextInt(100_000));
            }
            if (random.nextBoolean()) {
                fields.add("\"task\":\"" + name(random) + "\"");
            }
            if (random.nextInt(4) == 0) {
                fields.add("\"serviceMs\":" + random.nextInt(100));
            }
        }
        for (int i = fields.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            String t = fields.get(i);
            fields.set(i, fields.get(j));
            fields.set(j, t);
        }
        StringBuilder json = new StringBuilder(random.nextInt(10) == 0 ? " {" : "{");
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                json.append(random.nextInt(10) == 0 ? " , " : ",");
            }
            String f = fields.get(i);
            json.append(random.nextInt(10) == 0 ? f.replace(":", " :\t") : f);
        }
        json.append(random.nextInt(10) == 0 ? "}\n" : "}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String name(SplittableRandom random) {
        String[] names = {"iiif", "svc-1", "a", "image-server-07", "ü-svc", "x y", "twelve-chars"};
        return names[random.nextInt(names.length)];
    }

    private static final String[] PIECES = {
        "null", "1.5", "84.0", "1e3", "-", "-0", "00", "012", "12345678901234567890", "123456789012345678",
        "\"\\u0069iif\"", "\"a\\\"b\"", "\"ü\"", "\"" + "x".repeat(13) + "\"", "\"\"", "true", "[]", "{}",
        ",\"v\":1", ",\"note\":\"x\"", ",\"kind\":\"queue\",\"value\":3", ",\"source\":\"s\"", "\u00e9",
        "\"time\":1767225600.123", ",\"service\":\"iiif\"", "\\", "\"", ":", ",", "}", "{", " ", "\t", "\u0000"
    };

    /** One to three changes: a byte replaced, removed or inserted, a piece inserted, or the record cut. */
    private static byte[] mutate(byte[] record, SplittableRandom random) {
        byte[] r = record;
        int changes = 1 + random.nextInt(3);
        for (int c = 0; c < changes && r.length > 0; c++) {
            int at = random.nextInt(r.length);
            switch (random.nextInt(5)) {
                case 0 -> {
                    r = r.clone();
                    r[at] = (byte) random.nextInt(256);
                }
                case 1 -> r = concat(Arrays.copyOf(r, at), Arrays.copyOfRange(r, at + 1, r.length));
                case 2 -> r = Arrays.copyOf(r, at);
                default -> {
                    byte[] piece = PIECES[random.nextInt(PIECES.length)].getBytes(StandardCharsets.UTF_8);
                    r = concat(concat(Arrays.copyOf(r, at), piece), Arrays.copyOfRange(r, at, r.length));
                }
            }
        }
        return r;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
