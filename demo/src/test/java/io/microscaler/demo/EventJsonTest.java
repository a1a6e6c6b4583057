package io.microscaler.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.ingest.DecodeResult;
import io.microscaler.ingest.EventDecoder;
import io.microscaler.ingest.RequestEvent;
import io.microscaler.ingest.SummaryEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The events the image servers write are what ingest accepts (docs/design.md section 2). */
class EventJsonTest {

    private static final EventDecoder DECODER = new EventDecoder(4096, 200, Duration.ofMinutes(1));
    private static final long TS = 1_750_000_000_000L;

    @Test
    void aRequestEventDecodesToTheSameFigures() {
        byte[] json = EventJson.request("iiif", TS, 84, 40, 200, 48211, "0f3c9a");
        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo(
                "{\"v\":1,\"service\":\"iiif\",\"ts\":1750000000000,\"latencyMs\":84,\"serviceMs\":40,\"status\":200,\"bytes\":48211,\"task\":\"0f3c9a\"}");
        DecodeResult r = DECODER.decode(EventDecoder.Stream.REQUESTS, json, Instant.ofEpochMilli(TS));
        assertThat(r).isEqualTo(new DecodeResult.Accepted(new RequestEvent("iiif", TS, 84, 200, 48211, "0f3c9a", 40)));
    }

    @Test
    void aSummaryDecodesToTheSameFiguresAndAnIdleOneIsAHeartbeat() {
        byte[] json = EventJson.summary("iiif", TS, 1000, new ServerTally.Interval(420, 3, 35280, 410, 12, 16800, 8));
        DecodeResult r = DECODER.decode(EventDecoder.Stream.REQUESTS, json, Instant.ofEpochMilli(TS));
        assertThat(r).isEqualTo(new DecodeResult.Accepted(
                new SummaryEvent("iiif", TS, 1000, 420, 3, 35280, 410, 12, 16800, 8)));

        byte[] idle = EventJson.summary("iiif", TS, 1000, new ServerTally().close(0, 0));
        assertThat(DECODER.decode(EventDecoder.Stream.REQUESTS, idle, Instant.ofEpochMilli(TS)))
                .isEqualTo(new DecodeResult.Accepted(new SummaryEvent("iiif", TS, 1000, 0, 0, 0, 0, 0, 0, 0)));
    }

    @Test
    void namesAreEscaped() {
        byte[] json = EventJson.request("a\"b\\c\n", TS, 1, 1, 200, 0, "t");
        DecodeResult r = DECODER.decode(EventDecoder.Stream.REQUESTS, json, Instant.ofEpochMilli(TS));
        assertThat(r).isInstanceOf(DecodeResult.Accepted.class);
        assertThat(((DecodeResult.Accepted) r).event().service()).isEqualTo("a\"b\\c\n");
    }

    @Test
    void theTallyCountsFiveHundredsAsErrorsSumsTimeAtWorkAndStartsAfreshAfterClosing() {
        ServerTally tally = new ServerTally();
        tally.record(10, 10, 200);
        tally.record(30, 5, 503);
        tally.record(20, 12, 404);
        assertThat(tally.close(7, 3)).isEqualTo(new ServerTally.Interval(3, 1, 60, 30, 7, 27, 3));
        assertThat(tally.close(0, 0)).isEqualTo(new ServerTally.Interval(0, 0, 0, 0, 0, 0, 0));
    }
}
