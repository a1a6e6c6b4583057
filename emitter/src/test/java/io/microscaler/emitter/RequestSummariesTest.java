package io.microscaler.emitter;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.ingest.DecodeResult;
import io.microscaler.ingest.EventDecoder;
import io.microscaler.ingest.SummaryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The emitter's figures on a manual clock, and its JSON read by microscaler's own decoder (the contract). */
class RequestSummariesTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final RequestSummaries summaries = new RequestSummaries(nanos::get);

    @Test
    void anIntervalCountsWhatEndedInItAndWhatIsStillInFlight() {
        long a = summaries.begin();
        long b = summaries.begin();
        long c = summaries.begin();
        nanos.addAndGet(40_000_000); // 40 ms
        summaries.end(a, 200);
        nanos.addAndGet(60_000_000); // 100 ms after b began
        summaries.end(b, 503);

        RequestSummaries.Interval first = summaries.drain();

        assertThat(first).isEqualTo(new RequestSummaries.Interval(2, 1, 140, 100, 1)); // c is in flight
        nanos.addAndGet(10_000_000);
        summaries.end(c, 200);
        assertThat(summaries.drain()).isEqualTo(new RequestSummaries.Interval(1, 0, 110, 110, 0));
        assertThat(summaries.drain()).as("nothing served: the heartbeat")
                .isEqualTo(new RequestSummaries.Interval(0, 0, 0, 0, 0));
    }

    @Test
    void whatItWritesIsASummaryEventToMicroscaler() {
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        byte[] json = SummaryJson.summary("iiif", now.toEpochMilli(), 1000, new RequestSummaries.Interval(420, 3, 35280, 410, 12));

        DecodeResult r = new EventDecoder(65_536, 256, Duration.ofSeconds(5)).decode(EventDecoder.Stream.REQUESTS, json, now);

        assertThat(r).isEqualTo(new DecodeResult.Accepted(new SummaryEvent("iiif", now.toEpochMilli(), 1000, 420, 3, 35280,
                410, 12)));
    }
}
