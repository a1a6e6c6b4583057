package io.microscaler.window;

import io.microscaler.forecast.LoadForecaster;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable reading of one service's window at one instant; what the policy decides on.
 *
 * @param lastEventAt the newest event time seen, or {@code null} if none
 * @param demand      the latest demand signal per kind, only those not stale
 * @param pipeline    what the log shippers' heartbeats say ({@link Pipeline#NONE} without any)
 * @param newestRate  the requests/s that each of the newest {@link #NEWEST_SECONDS} whole seconds of the
 *                    panic span reached (NaN where unknown): the load now, which a span's mean lags
 *                    behind after a step
 * @param forecast    the request rate forecast one start-up delay ahead, for a service that asks
 *                    for one and whose time of day has been seen on enough days; else empty
 */
public record WindowSnapshot(
        String service,
        Instant at,
        WindowState state,
        SpanStats stable,
        SpanStats panic,
        Instant lastEventAt,
        Map<DemandKind, DemandSignal> demand,
        Pipeline pipeline,
        double newestRate,
        Optional<LoadForecaster.Forecast> forecast) {

    /** Seconds of {@link #newestRate}: two, and the least of them, so that one second's burst alone does not raise it. */
    public static final int NEWEST_SECONDS = 2;

    public WindowSnapshot {
        demand = Map.copyOf(demand);
        pipeline = pipeline == null ? Pipeline.NONE : pipeline;
        forecast = forecast == null ? Optional.empty() : forecast;
    }

    /** A snapshot without a forecast. */
    public WindowSnapshot(String service, Instant at, WindowState state, SpanStats stable, SpanStats panic,
                          Instant lastEventAt, Map<DemandKind, DemandSignal> demand, Pipeline pipeline, double newestRate) {
        this(service, at, state, stable, panic, lastEventAt, demand, pipeline, newestRate, Optional.empty());
    }

    /** A snapshot of a service without shipper heartbeats. */
    public WindowSnapshot(String service, Instant at, WindowState state, SpanStats stable, SpanStats panic,
                          Instant lastEventAt, Map<DemandKind, DemandSignal> demand) {
        this(service, at, state, stable, panic, lastEventAt, demand, Pipeline.NONE, Double.NaN);
    }

    /** A snapshot without a reading of the newest seconds (the policy then sizes from the spans alone). */
    public WindowSnapshot(String service, Instant at, WindowState state, SpanStats stable, SpanStats panic,
                          Instant lastEventAt, Map<DemandKind, DemandSignal> demand, Pipeline pipeline) {
        this(service, at, state, stable, panic, lastEventAt, demand, pipeline, Double.NaN);
    }
}
