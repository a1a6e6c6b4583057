package io.microscaler.window;

import com.datadoghq.sketch.ddsketch.DDSketch;
import java.time.Duration;
import java.util.Arrays;

/**
 * The ring as it was before blocks of merged sketches ({@code BucketRing} up to issue 20), kept
 * only as the reference the equivalence test compares the ring with: every reading it gives must
 * be identical, bit for bit. Not used by the product.
 *
 * <p>A ring of 1-second buckets on event time: each slot holds the partial aggregation of one epoch
 * second (the resilience4j {@code SlidingTimeWindowMetrics} idea). Struct-of-arrays, so recording
 * a request touches a few longs and the slot's sketch and allocates nothing once the slot's
 * sketch exists.
 *
 * <p>Each slot remembers which second it holds. Writing to second {@code s} claims slot
 * {@code s mod length}: if the slot still holds an older second, that bucket has left the ring and
 * is reset (its sketch cleared and reused). Reading second {@code s} takes the slot only if it holds
 * exactly {@code s}; otherwise nothing was recorded in that second. So the ring never needs to be
 * swept forward, and a gap of an hour costs nothing.
 *
 * <p>The ring holds the seconds {@code [head − length + 1, head]}, {@code head} being the newest
 * second ever written; callers must not write anything older (it would claim a newer second's slot).
 * Memory is O(length) whatever the traffic. Not thread-safe.
 */
final class ReferenceBucketRing {

    private static final long NO_SECOND = Long.MIN_VALUE;
    /** A figure a server did not report. */
    static final long UNKNOWN = -1;
    /** Which per-second mean latency stands for the time at work when servers report only latency. */
    private static final double BASELINE_QUANTILE = 0.10;
    private static final double[] QUANTILES = {0.50, 0.95, 0.99};

    private final int length;
    private final long[] secondOf;
    private final long[] count;
    private final long[] errors;
    private final long[] latencySumMs;
    private final long[] latencyMaxMs; // kept per bucket, not read yet: room for a max figure later
    private final long[] bytes;
    private final long[] inFlightMax;
    private final long[] serviceMsSum;  // time at work of the requests that reported it
    private final long[] serviceCount;  // how many requests reported it
    // the backlog reported in the second, as request-milliseconds: each summary's queued count times the
    // part of the second its interval covers, so a server that summarises twice a second counts once
    // (its mean backlog) and several servers add up; -1 if none reported one
    private final long[] queuedMillis;
    private final DDSketch[] latency; // allocated on a slot's first latency, then cleared and reused
    private long head = NO_SECOND;

    ReferenceBucketRing(int length) {
        if (length < 2) {
            throw new IllegalArgumentException("ring length must be >= 2, but was " + length);
        }
        this.length = length;
        this.secondOf = new long[length];
        Arrays.fill(secondOf, NO_SECOND);
        this.count = new long[length];
        this.errors = new long[length];
        this.latencySumMs = new long[length];
        this.latencyMaxMs = new long[length];
        this.bytes = new long[length];
        this.inFlightMax = new long[length];
        this.serviceMsSum = new long[length];
        this.serviceCount = new long[length];
        this.queuedMillis = new long[length];
        Arrays.fill(queuedMillis, UNKNOWN);
        this.latency = new DDSketch[length];
    }

    int length() {
        return length;
    }

    /** The oldest second the ring can still hold, or {@link Long#MIN_VALUE} while empty. */
    long oldestHeldSecond() {
        return head == NO_SECOND ? Long.MIN_VALUE : head - length + 1;
    }

    /** @param serviceMs the request's time at work, without its queue wait, or {@link #UNKNOWN} */
    void addRequest(long second, long latencyMs, long serviceMs, boolean error, long responseBytes) {
        int slot = claim(second);
        if (serviceMs != UNKNOWN) {
            serviceMsSum[slot] += serviceMs;
            serviceCount[slot]++;
        }
        count[slot]++;
        if (error) {
            errors[slot]++;
        }
        latencySumMs[slot] += latencyMs;
        latencyMaxMs[slot] = Math.max(latencyMaxMs[slot], latencyMs);
        bytes[slot] += responseBytes;
        sketch(slot).accept(latencyMs);
    }

    /**
     * A server's roll-up. Its individual latencies are unknown, so the sketch gets the mean
     * {@code count − 1} times and the max once: 420 requests, 35,280 ms in all, max 410 ms become
     * 419 × 84 ms + 1 × 410 ms. Quantiles then read the mean up to the last request, and the max at
     * the very top; good enough for servers that summarise because they are busy, where the panic
     * and stable spans cover thousands of requests. Rate and concurrency stay exact.
     */
    void addSummary(long second, long intervalMs, long requests, long failed, long latencyMsSum, long latencyMsMax,
                    long inFlight, long busyMsSum, long backlog) {
        int slot = claim(second);
        if (busyMsSum != UNKNOWN) {
            serviceMsSum[slot] += busyMsSum;
            serviceCount[slot] += requests;
        }
        if (backlog != UNKNOWN) {
            // a level held over the interval: weighted by the part of the second it covers
            long weighted = backlog * Math.min(intervalMs, 1000L);
            queuedMillis[slot] = (queuedMillis[slot] == UNKNOWN ? 0 : queuedMillis[slot]) + weighted;
        }
        count[slot] += requests;
        errors[slot] += failed;
        latencySumMs[slot] += latencyMsSum;
        latencyMaxMs[slot] = Math.max(latencyMaxMs[slot], latencyMsMax);
        inFlightMax[slot] = Math.max(inFlightMax[slot], inFlight);
        if (requests > 1) {
            sketch(slot).accept((double) latencyMsSum / requests, requests - 1);
        }
        if (requests > 0) {
            sketch(slot).accept(latencyMsMax);
        }
    }

    /**
     * The figures over the whole seconds {@code [fromSecond, toSecond)}, divided by
     * {@code spanSeconds}. Allocates (a merged sketch): called once per tick, not per event.
     */
    SpanStats read(long fromSecond, long toSecond, long spanSeconds) {
        long n = 0;
        long failed = 0;
        long latencySum = 0;
        long byteSum = 0;
        long inFlight = 0;
        long serviceSum = 0;
        long serviced = 0;
        DDSketch merged = null;
        ReferenceWorkTrend trend = new ReferenceWorkTrend((int) Math.max(0, toSecond - fromSecond));
        for (long s = fromSecond; s < toSecond; s++) {
            int slot = slotOf(s);
            if (secondOf[slot] != s) {
                continue; // nothing recorded in second s
            }
            trend.second(s, count[slot], latencySumMs[slot],
                    queuedMillis[slot] == UNKNOWN ? Double.NaN : queuedMillis[slot] / 1000.0);
            serviceSum += serviceMsSum[slot];
            serviced += serviceCount[slot];
            n += count[slot];
            failed += errors[slot];
            latencySum += latencySumMs[slot];
            byteSum += bytes[slot];
            inFlight = Math.max(inFlight, inFlightMax[slot]);
            DDSketch sketch = latency[slot];
            if (sketch != null && !sketch.isEmpty()) {
                if (merged == null) {
                    merged = LatencySketches.newSketch();
                }
                merged.mergeWith(sketch);
            }
        }
        double[] q = merged == null
                ? new double[] {Double.NaN, Double.NaN, Double.NaN}
                : merged.getValuesAtQuantiles(QUANTILES); // the library's own reading, three passes
        return new SpanStats(
                Duration.ofSeconds(spanSeconds),
                n,
                failed,
                (double) n / spanSeconds,
                latencySum / 1000.0 / spanSeconds, // Little's law: L = λW = Σ latency / span
                q[0], q[1], q[2],
                n == 0 ? 0.0 : (double) failed / n,
                byteSum,
                inFlight,
                new WorkStats(serviced == 0 ? Double.NaN : (double) serviceSum / serviced,
                        n == 0 ? 0.0 : Math.min(1.0, (double) serviced / n),
                        trend.baselineLatencyMs(BASELINE_QUANTILE), trend.backlog(), trend.backlogGrowthPerSecond()));
    }

    private int claim(long second) {
        int slot = slotOf(second);
        if (secondOf[slot] != second) {
            reset(slot, second);
        }
        if (second > head) {
            head = second;
        }
        return slot;
    }

    private void reset(int slot, long second) {
        secondOf[slot] = second;
        count[slot] = 0;
        errors[slot] = 0;
        latencySumMs[slot] = 0;
        latencyMaxMs[slot] = 0;
        bytes[slot] = 0;
        inFlightMax[slot] = 0;
        serviceMsSum[slot] = 0;
        serviceCount[slot] = 0;
        queuedMillis[slot] = UNKNOWN;
        if (latency[slot] != null) {
            latency[slot].clear();
        }
    }

    private DDSketch sketch(int slot) {
        DDSketch sketch = latency[slot];
        if (sketch == null) {
            sketch = LatencySketches.newSketch();
            latency[slot] = sketch;
        }
        return sketch;
    }

    private int slotOf(long second) {
        return Math.floorMod(second, length);
    }
}
