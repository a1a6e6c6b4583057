package io.microscaler.window;

import io.microscaler.forecast.LoadForecaster;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One service's rolling window: a ring of 1-second buckets on event time, read over two spans
 * (stable and panic). Owned by one thread (its ingest verticle): not thread-safe.
 *
 * <h2>Which seconds a span reads</h2>
 * A reading at {@code now} covers the whole seconds {@code [floor(now) − span, floor(now))}: it ends
 * at the start of the current second. The current second is still filling up; reading it would
 * divide 0.3 s of requests by a whole second and dip the rate every tick. Events of the current
 * second are recorded and count from the next second on: figures lag by up to 1 s more, in exchange
 * for no partial-bucket bias. A service with a log shipper is read up to the newest second the
 * pipeline vouched for instead (see {@link #knownUntil}), so a stopped shipper freezes the reading
 * rather than making it fall.
 *
 * <h2>A service first seen recently</h2>
 * The span is {@code min(configured span, floor(now) − first second recorded)}, at least 1 s. A
 * service first heard of at 12:00:00.000 at 500 req/s, read at 12:00:10.400, has 10 whole seconds
 * (12:00:00–12:00:09) holding 5,000 requests: its rate is 5,000 / 10 s = 500 req/s, not
 * 5,000 / 60 s = 83 req/s as a full 60-s span would claim. (Had it started at 12:00:00.300, its
 * first bucket would hold 350 requests and the rate read 4,850 / 10 = 485: the first partial
 * second biases low by at most 1 / age.) Until it has one whole second, its state is
 * {@link WindowState#UNKNOWN}: a rate of 0 then means "not measured yet", not "no load".
 *
 * <h2>Late and early events</h2>
 * The ring holds {@code stableSpan + 2 + maxFutureSkew} seconds: the stable span, the current
 * partial second, one second of slack and room for events from a clock running fast. An event older
 * than {@code floor(now) − stableSpan − 1 s} is late: counted in {@link #lateEvents()} and dropped.
 * An event ahead of {@code now} by at most {@code maxFutureSkew} is recorded in its own second and
 * moves the ring's head forward, into the room kept for it, so the seconds the stable span reads are
 * never recycled by it; a snapshot with {@code now} behind the head does not read those seconds yet.
 * An event further ahead is refused ({@link RecordOutcome#AHEAD}) and changes nothing: one event
 * from a clock 55 s fast must not push a minute of real events out of the ring.
 *
 * <h2>State</h2>
 * {@link WindowState#WARMING} while {@link #setWarming} says so; otherwise
 * {@link WindowState#UNKNOWN} if neither an event (request, summary or demand) nor a shipper's
 * heartbeat was seen within {@code now − staleAfter}, or requests were seen only in the current
 * partial second; otherwise {@link WindowState#OK}. OK on heartbeats alone is idle: zero load,
 * measured ({@link Pipeline#idle()}).
 */
public final class ServiceWindow {

    private static final long NONE = Long.MIN_VALUE;

    private final String service;
    private final long stableSeconds;
    private final long panicSeconds;
    private final long staleAfterMillis;
    private final long maxFutureSkewMillis;
    private final BucketRing ring;
    private final LatestDemand demand = new LatestDemand();
    private final SourceHeartbeats heartbeats = new SourceHeartbeats();
    private final LoadForecaster forecaster; // null: the service asks for no forecast
    private long forecastFedUntil = NONE;  // seconds before this were given to the forecaster

    private long firstSecond = NONE;   // oldest second ever recorded into the ring
    private long lastEventMillis = NONE; // newest event time of any kind: the last sign of life
    // the newest heartbeat, as the heartbeats hold it: read every snapshot, where the heartbeats'
    // own object was one more load from memory per service per tick (issue 20)
    private long lastHeartbeatMillis = NONE;
    private boolean warming;
    private long recordedEvents;
    private long recordedRequests;
    private long lateEvents;

    public ServiceWindow(String service, WindowSettings settings) {
        this(service, settings, null);
    }

    /** @param forecaster fed each whole second as it closes, asked for a forecast at each snapshot; null for none */
    public ServiceWindow(String service, WindowSettings settings, LoadForecaster forecaster) {
        this.forecaster = forecaster;
        this.service = Objects.requireNonNull(service, "service");
        Objects.requireNonNull(settings, "settings");
        this.stableSeconds = settings.stableSpan().toSeconds();
        this.panicSeconds = settings.panicSpan().toSeconds();
        this.staleAfterMillis = settings.staleAfter().toMillis();
        this.maxFutureSkewMillis = settings.maxFutureSkew().toMillis();
        // a second more for each second an event may be ahead, so that one never recycles the slot of
        // a second the stable span still reads
        long aheadSeconds = (maxFutureSkewMillis + 999) / 1000;
        this.ring = new BucketRing(Math.toIntExact(stableSeconds + 2 + aheadSeconds));
    }

    public String service() {
        return service;
    }

    /** A time at work (or busy time, or backlog) the server did not report. */
    public static final long UNREPORTED = BucketRing.UNKNOWN;

    /** One served request. {@code now} is the reader's clock: it bounds how old an event may be. */
    public RecordOutcome recordRequest(long tsMillis, long latencyMs, int status, long bytes, Instant now) {
        return recordRequest(tsMillis, latencyMs, UNREPORTED, status, bytes, now);
    }

    /**
     * One served request with its time at work apart from its latency.
     *
     * @param serviceMs the time the request was at work, without its queue wait, at most its
     *                  latency; or {@link #UNREPORTED}
     */
    public RecordOutcome recordRequest(long tsMillis, long latencyMs, long serviceMs, int status, long bytes,
                                       Instant now) {
        if (serviceMs != UNREPORTED && (serviceMs < 0 || serviceMs > latencyMs)) {
            throw new IllegalArgumentException("serviceMs must be in [0, latencyMs=" + latencyMs + "], but was " + serviceMs);
        }
        if (latencyMs < 0) {
            throw new IllegalArgumentException("latencyMs must be >= 0, but was " + latencyMs);
        }
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0, but was " + bytes);
        }
        long second = Math.floorDiv(tsMillis, 1000L);
        if (tsMillis > now.toEpochMilli() + maxFutureSkewMillis) {
            return RecordOutcome.AHEAD;
        }
        if (isLateForRing(second, now)) {
            lateEvents++;
            return RecordOutcome.LATE;
        }
        ring.addRequest(second, latencyMs, serviceMs, status >= 500, bytes);
        noteRecorded(second, tsMillis, 1);
        return RecordOutcome.RECORDED;
    }

    /**
     * A server's own roll-up of {@code intervalMs} ending at {@code tsMillis}. It goes to the bucket
     * of {@code tsMillis − 1 ms}, the interval's last second (a 1-s summary stamped 12:00:01.000
     * covers 12:00:00.000–12:00:00.999). A longer interval goes to that one second as a whole: the
     * stable span's rate and concurrency stay right, only their spread across the interval's seconds
     * is lost (a panic span shorter than the interval then reads all or nothing, so servers should
     * summarise every second). For a service first seen, the data counts as covering the interval
     * from its start: a first 10-s summary of 5,000 requests reads 500 req/s, not 5,000.
     */
    public RecordOutcome recordSummary(long tsMillis, long intervalMs, long count, long errors,
                                       long latencyMsSum, long latencyMsMax, long inFlight, Instant now) {
        return recordSummary(tsMillis, intervalMs, count, errors, latencyMsSum, latencyMsMax, inFlight, UNREPORTED,
                UNREPORTED, now);
    }

    /**
     * A roll-up with the time at work apart from latency.
     *
     * @param busyMsSum the interval's requests' time at work in all, at most {@code latencyMsSum};
     *                  or {@link #UNREPORTED}
     * @param queued    requests waiting at the end of the interval; or {@link #UNREPORTED}. A level, held
     *                  over the part of its second the interval covers: servers' backlogs add up, one
     *                  server's sub-second summaries average (two 500 ms ones of 10 and 20 read 15)
     */
    public RecordOutcome recordSummary(long tsMillis, long intervalMs, long count, long errors, long latencyMsSum,
                                       long latencyMsMax, long inFlight, long busyMsSum, long queued, Instant now) {
        requireSummary(intervalMs, count, errors, latencyMsSum, latencyMsMax, inFlight);
        if (busyMsSum != UNREPORTED && (busyMsSum < 0 || busyMsSum > latencyMsSum)) {
            throw new IllegalArgumentException("busyMsSum must be in [0, latencyMsSum=" + latencyMsSum + "], but was "
                    + busyMsSum);
        }
        if (queued != UNREPORTED && queued < 0) {
            throw new IllegalArgumentException("queued must be >= 0, but was " + queued);
        }
        long second = Math.floorDiv(tsMillis - 1, 1000L);
        if (tsMillis > now.toEpochMilli() + maxFutureSkewMillis) {
            return RecordOutcome.AHEAD;
        }
        if (isLateForRing(second, now)) {
            lateEvents++;
            return RecordOutcome.LATE;
        }
        ring.addSummary(second, intervalMs, count, errors, latencyMsSum, latencyMsMax, inFlight, busyMsSum, queued);
        noteRecorded(Math.min(second, Math.floorDiv(tsMillis - intervalMs, 1000L)), tsMillis, count);
        return RecordOutcome.RECORDED;
    }

    /** A demand level; the newest by event time wins. Older than the ring is late, as for requests. */
    public RecordOutcome recordDemand(long tsMillis, DemandKind kind, double value, Instant now) {
        Objects.requireNonNull(kind, "kind");
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("demand value must be a finite number >= 0, but was " + value);
        }
        if (tsMillis > now.toEpochMilli() + maxFutureSkewMillis) {
            return RecordOutcome.AHEAD;
        }
        if (Math.floorDiv(tsMillis, 1000L) < oldestAcceptedSecond(now)) {
            lateEvents++;
            return RecordOutcome.LATE;
        }
        demand.offer(kind, value, tsMillis);
        lastEventMillis = Math.max(lastEventMillis, tsMillis);
        recordedEvents++;
        return RecordOutcome.RECORDED;
    }

    /**
     * A log shipper's heartbeat: the pipeline from {@code source} was up at {@code tsMillis}, and what
     * it had to send until then, it has sent. It is no request and no data: it only tells a quiet
     * service (idle, zero load measured) from a silent one (no data), see {@link Pipeline}. The
     * seconds from the first heartbeat on count as covered, as for a first summary, so that a service
     * heard of only through heartbeats reads zero load over them, not over a whole span.
     */
    public RecordOutcome recordHeartbeat(String source, long tsMillis, Instant now) {
        Objects.requireNonNull(source, "source");
        if (tsMillis > now.toEpochMilli() + maxFutureSkewMillis) {
            return RecordOutcome.AHEAD;
        }
        long second = Math.floorDiv(tsMillis, 1000L);
        if (second < oldestAcceptedSecond(now)) {
            lateEvents++;
            return RecordOutcome.LATE;
        }
        heartbeats.record(source, tsMillis, now.toEpochMilli() - stableSeconds * 1000);
        lastHeartbeatMillis = heartbeats.lastMillis();
        if (firstSecond == NONE || second < firstSecond) {
            firstSecond = second;
        }
        recordedEvents++;
        return RecordOutcome.RECORDED;
    }

    /** While warming the snapshot's state is WARMING whatever the events say. */
    public void setWarming(boolean warming) {
        this.warming = warming;
    }

    public WindowSnapshot snapshot(Instant now) {
        long nowMillis = now.toEpochMilli();
        long nowSecond = Math.floorDiv(nowMillis, 1000L);
        long known = knownUntil(nowSecond);
        SpanStats[] spans = ring.readBoth(spanStart(stableSeconds, known), spanStart(panicSeconds, known), known,
                spanLength(stableSeconds, known), spanLength(panicSeconds, known));
        return new WindowSnapshot(
                service,
                now,
                state(nowMillis, nowSecond),
                spans[0],
                spans[1],
                lastEventMillis == NONE ? null : Instant.ofEpochMilli(lastEventMillis),
                demand.measuredSince(nowMillis - staleAfterMillis),
                lastHeartbeatMillis == NONE ? Pipeline.NONE
                        : heartbeats.read(nowMillis - staleAfterMillis, nowMillis - stableSeconds * 1000, dataFresh(nowMillis)),
                newestRate(known), forecast(known, now));
    }

    /**
     * Gives the forecaster the whole seconds closed since the last snapshot (quiet ones as 0; none
     * the ring no longer holds), then asks it for its forecast. The first seconds given are the
     * oldest the window holds, so that after a restart or a hand-over the slot in progress is read
     * whole from the rebuilt window; and none while the window is being rebuilt, whose seconds are
     * not all read yet (the forecast from a restored history is given meanwhile). A late event in
     * a second already given is not seen by the forecaster: it reads minutes.
     */
    private Optional<LoadForecaster.Forecast> forecast(long knownUntil, Instant now) {
        if (forecaster == null || firstSecond == NONE) {
            return Optional.empty();
        }
        if (!warming) {
            long from = Math.max(ring.oldestHeldSecond(), forecastFedUntil == NONE ? firstSecond : forecastFedUntil);
            for (long second = Math.max(from, firstSecond); second < knownUntil; second++) {
                forecaster.second(second, ring.requests(second, second + 1));
            }
            forecastFedUntil = Math.max(knownUntil, forecastFedUntil);
        }
        return forecaster.forecast(now);
    }

    /** The service's forecaster, if it asks for a forecast (its owner restores its history into it). */
    public Optional<LoadForecaster> forecaster() {
        return Optional.ofNullable(forecaster);
    }

    /**
     * The rate each of the newest {@link WindowSnapshot#NEWEST_SECONDS} whole seconds of the panic span
     * reached (the least of their requests), NaN where the window does not hold that many yet: the
     * load as it is now, where the panic span's mean still counts the seconds before a step.
     */
    private double newestRate(long endSecond) {
        long from = endSecond - WindowSnapshot.NEWEST_SECONDS;
        if (firstSecond == NONE || from < firstSecond || from < ring.oldestHeldSecond()
                || WindowSnapshot.NEWEST_SECONDS > panicSeconds) {
            return Double.NaN;
        }
        long least = Long.MAX_VALUE;
        for (long second = from; second < endSecond; second++) {
            least = Math.min(least, ring.requests(second, second + 1));
        }
        return least;
    }

    /**
     * Requests in the newest whole second a snapshot at {@code now} reads: a glance, for ordering a
     * tick (services with a burst first), without reading the spans.
     */
    public long newestSecondRequests(Instant now) {
        long known = knownUntil(Math.floorDiv(now.toEpochMilli(), 1000L));
        return ring.requests(known - 1, known);
    }

    /** Events recorded into the ring since this window was created (requests, summaries, demand). */
    public long recordedEvents() {
        return recordedEvents;
    }

    /** Requests the recorded events stood for: 1 per request event, {@code count} per summary. */
    public long recordedRequests() {
        return recordedRequests;
    }

    /** Events dropped because they were older than the ring (all kinds). */
    public long lateEvents() {
        return lateEvents;
    }

    /** Buckets in the ring: stableSpan + 2 + maxFutureSkew (whole seconds), whatever the traffic. */
    int ringLength() {
        return ring.length();
    }

    /** The first second of the span of {@code configuredSeconds} (or less, for a service first seen recently) ending at {@code endSecond}. */
    private long spanStart(long configuredSeconds, long endSecond) {
        long from = endSecond - configuredSeconds;
        if (firstSecond != NONE) {
            from = Math.max(from, firstSecond); // a service first seen recently
        }
        return Math.max(from, ring.oldestHeldSecond()); // seconds recycled by events from the future
    }

    /** The seconds that span is divided by: at least 1. */
    private long spanLength(long configuredSeconds, long endSecond) {
        return Math.max(1, endSecond - spanStart(configuredSeconds, endSecond));
    }

    private WindowState state(long nowMillis, long nowSecond) {
        if (warming) {
            return WindowState.WARMING;
        }
        boolean pipelineLive = lastHeartbeatMillis != NONE && lastHeartbeatMillis >= nowMillis - staleAfterMillis;
        if (!dataFresh(nowMillis) && !pipelineLive) {
            return WindowState.UNKNOWN;
        }
        if (firstSecond != NONE && firstSecond >= nowSecond) {
            return WindowState.UNKNOWN; // requests only in the current partial second: not measured yet
        }
        return WindowState.OK;
    }

    /**
     * The end (exclusive) of the seconds a reading may trust. Without a shipper, the start of the
     * current second, as ever. With one, no later than the newest sign the pipeline gave: the second
     * of its last heartbeat (what it had before that, it has sent) or of the last event, whichever is
     * later. While requests flow that is the current second; when they stop and the heartbeats go on
     * (idle) it moves on and the empty seconds read as no load; when the shipper stops, it stays, so
     * the seconds nothing was heard of are not read as zero load in the staleness limit before the
     * window turns unknown. (A broken pipeline must not look like a falling load.)
     */
    private long knownUntil(long nowSecond) {
        if (lastHeartbeatMillis == NONE) {
            return nowSecond;
        }
        long sign = Math.floorDiv(lastHeartbeatMillis, 1000L);
        if (lastEventMillis != NONE) {
            sign = Math.max(sign, Math.floorDiv(lastEventMillis, 1000L));
        }
        return Math.min(nowSecond, sign);
    }

    /** An event with data (request, summary, demand) within the staleness limit. */
    private boolean dataFresh(long nowMillis) {
        return lastEventMillis != NONE && lastEventMillis >= nowMillis - staleAfterMillis;
    }

    private boolean isLateForRing(long second, Instant now) {
        return second < oldestAcceptedSecond(now) || second < ring.oldestHeldSecond();
    }

    /** floor(now) − stableSpan − 1: the oldest second a ring of stableSpan + 2 seconds holds. */
    private long oldestAcceptedSecond(Instant now) {
        return Math.floorDiv(now.toEpochMilli(), 1000L) - stableSeconds - 1;
    }

    /** @param firstCoveredSecond the first second the event's data covers */
    private void noteRecorded(long firstCoveredSecond, long tsMillis, long requests) {
        if (firstSecond == NONE || firstCoveredSecond < firstSecond) {
            firstSecond = firstCoveredSecond;
        }
        lastEventMillis = Math.max(lastEventMillis, tsMillis);
        recordedEvents++;
        recordedRequests += requests;
    }

    private static void requireSummary(long intervalMs, long count, long errors,
                                       long latencyMsSum, long latencyMsMax, long inFlight) {
        if (intervalMs <= 0) {
            throw new IllegalArgumentException("intervalMs must be > 0, but was " + intervalMs);
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, but was " + count);
        }
        if (errors < 0 || errors > count) {
            throw new IllegalArgumentException("errors must be in [0, count=" + count + "], but was " + errors);
        }
        if (latencyMsSum < 0) {
            throw new IllegalArgumentException("latencyMsSum must be >= 0, but was " + latencyMsSum);
        }
        if (latencyMsMax < 0) {
            throw new IllegalArgumentException("latencyMsMax must be >= 0, but was " + latencyMsMax);
        }
        if (inFlight < 0) {
            throw new IllegalArgumentException("inFlight must be >= 0, but was " + inFlight);
        }
    }
}
