package io.microscaler.observability;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The status page stream's bounds at work (docs/metrics.md): streams refused because every slot was
 * taken, and streams closed by a bound, by reason. The stream counts; this only reads the counts.
 */
public final class StreamMeters {

    /** What the stream counts. Read by the metrics scrape from another thread: implementations use atomics. */
    public interface Counts {
        /** Streams refused with 503 ({@code http.stream.maxClients} open). */
        long refused();

        /** Clients dropped after being full for {@code http.stream.slowClientTimeout}. */
        long droppedSlow();

        /** Streams ended at {@code http.stream.maxAge}. */
        long endedMaxAge();
    }

    private static final String CLOSED = "Status page streams closed by a bound: slow-client (write queue full for"
            + " http.stream.slowClientTimeout) or max-age (open for http.stream.maxAge)";

    /** Micrometer holds {@code counts} weakly: it must be an object its owner keeps (the stream itself). */
    public static void register(MeterRegistry registry, Counts counts) {
        FunctionCounter.builder("microscaler_api_streams_refused", counts, Counts::refused)
                .description("Status page streams refused because http.stream.maxClients were open").register(registry);
        FunctionCounter.builder("microscaler_api_streams_closed", counts, Counts::droppedSlow)
                .tag("reason", "slow-client").description(CLOSED).register(registry);
        FunctionCounter.builder("microscaler_api_streams_closed", counts, Counts::endedMaxAge)
                .tag("reason", "max-age").description(CLOSED).register(registry);
    }

    private StreamMeters() {
    }
}
