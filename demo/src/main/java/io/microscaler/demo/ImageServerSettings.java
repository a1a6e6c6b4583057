package io.microscaler.demo;

import java.util.Objects;

/**
 * How an image server behaves: its capacity, its service times, and what it reports to Kafka.
 *
 * @param workers    renders that run at once (a task's CPU share, in effect)
 * @param queueLimit renders that may wait beyond those; more are refused with 503
 * @param tileMs     the mean render time of a tile, milliseconds
 * @param infoMs     the mean time to answer an info.json, milliseconds
 * @param jitter     each render takes mean × (1 + jitter × u), u uniform in [−1, 1]; 0 ≤ jitter < 1
 * @param eventMode  one request event per request, or one summary per second per task
 * @param topic      the Kafka topic of the events (key: the service)
 */
public record ImageServerSettings(int workers, int queueLimit, long tileMs, long infoMs, double jitter,
                                  EventMode eventMode, String topic) {

    public enum EventMode { REQUESTS, SUMMARIES }

    /** Summaries cover one second, as the windows' buckets do. */
    public static final long SUMMARY_INTERVAL_MS = 1000;

    public ImageServerSettings {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be ≥ 1, but was " + workers);
        }
        if (queueLimit < 0) {
            throw new IllegalArgumentException("queueLimit must be ≥ 0, but was " + queueLimit);
        }
        if (tileMs < 0 || infoMs < 0) {
            throw new IllegalArgumentException("tileMs and infoMs must be ≥ 0, but were " + tileMs + " and " + infoMs);
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1), but was " + jitter);
        }
        Objects.requireNonNull(eventMode, "eventMode");
        Objects.requireNonNull(topic, "topic");
        if (topic.isBlank()) {
            throw new IllegalArgumentException("topic must not be blank");
        }
    }

    /**
     * The demo's servers: 4 workers, 100 waiting at most, tiles 40 ms ± 25 %, info.json 5 ms, one
     * event per request. At 10 % info.json that is about 110 requests/s per task before queueing
     * takes over (4 workers / 36.5 ms).
     */
    public static ImageServerSettings defaults(String topic) {
        return new ImageServerSettings(4, 100, 40, 5, 0.25, EventMode.REQUESTS, topic);
    }

    public ImageServerSettings withEventMode(EventMode mode) {
        return new ImageServerSettings(workers, queueLimit, tileMs, infoMs, jitter, mode, topic);
    }

    /**
     * A render's duration in milliseconds.
     *
     * @param tile true for a tile, false for info.json
     * @param u    a uniform random number in [0, 1)
     */
    public long renderMillis(boolean tile, double u) {
        double mean = tile ? tileMs : infoMs;
        return Math.max(0, Math.round(mean * (1 + jitter * (2 * u - 1))));
    }
}
