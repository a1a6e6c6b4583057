package io.microscaler.window;

import java.time.Duration;
import java.util.Arrays;

/**
 * A ring of 1-second buckets on event time: each slot holds the partial aggregation of one epoch
 * second (the resilience4j {@code SlidingTimeWindowMetrics} idea). A slot's figures are a few longs
 * side by side in one array for all slots, so recording a request touches those and the slot's
 * latency bins ({@link LatencyBins}, the bins of a sketch without the sketch's dense array) and
 * allocates nothing once they have room.
 *
 * <p>Each slot remembers which second it holds. Writing to second {@code s} claims slot
 * {@code s mod length}: if the slot still holds an older second, that bucket has left the ring and
 * is reset (its latencies cleared and reused). Reading second {@code s} takes the slot only if it holds
 * exactly {@code s}; otherwise nothing was recorded in that second. So the ring never needs to be
 * swept forward, and a gap of an hour costs nothing.
 *
 * <p>The ring holds the seconds {@code [head − length + 1, head]}, {@code head} being the newest
 * second ever written; callers must not write anything older (it would claim a newer second's slot).
 * Memory is O(length) whatever the traffic. Not thread-safe.
 *
 * <h2>Blocks of merged bins</h2>
 * Merging sketches is what a reading cost: a 60-s span merged 60 per-second DDSketches, every
 * tick, for every service (issue 20). So the ring also keeps, per 10-second block of epoch seconds
 * (12:00:00–09, 12:00:10–19…), the merged bins of the block's first seconds, as far as a reading
 * has needed them. A reading of {@code [12:00:03, 12:01:03)} then merges the seconds :03–:09 one
 * by one, the blocks :10, :20, :30, :40 and :50 as they are, and the block 12:01:00 extended by the
 * newest second it had not covered yet: about 13 merges instead of 60. A late event into a second a
 * block already covers is added to the block's bins as well as to its second's; a second that leaves
 * the ring drops its block's bins, which the next reading builds again. Seconds, blocks and the
 * merge of a reading are all {@link LatencyBins}: the non-empty bins of the sketch's mapping, without
 * a dense array over their whole range.
 *
 * <p>The figures are the same, bit for bit, as merging the seconds' DDSketches one by one: bins hold
 * whole counts (doubles below 2^53, so sums are exact in any order), quantiles walk the bins in
 * index order as the sketch does, and collapsing the lowest bins ends in the same bins whichever
 * order the merges come in. {@code BucketRingEquivalenceTest} checks it against the ring as it was.
 */
final class BucketRing {

    private static final long NO_SECOND = Long.MIN_VALUE;
    /** A figure a server did not report. */
    static final long UNKNOWN = -1;
    /** Which per-second mean latency stands for the time at work when servers report only latency. */
    private static final double BASELINE_QUANTILE = 0.10;
    private static final double[] QUANTILES = {0.50, 0.95, 0.99};

    private final int length;
    // One second's figures side by side, slot after slot, in one array: a reading walks 60 slots in order,
    // and a tick reads every service's ring (tens of MB at 10,000 services, not in any cache). An array per
    // figure made that ten short streams of memory per reading, which the processor's prefetching barely
    // follows; one array is one stream (issue 20, the per-second loop of a reading).
    private static final int SECOND = 0;          // which epoch second the slot holds, or NO_SECOND
    private static final int COUNT = 1;
    private static final int ERRORS = 2;
    private static final int LATENCY_SUM = 3;
    private static final int LATENCY_MAX = 4;     // kept per bucket, not read yet: room for a max figure later
    private static final int BYTES = 5;
    private static final int IN_FLIGHT_MAX = 6;
    private static final int SERVICE_MS_SUM = 7;  // time at work of the requests that reported it
    private static final int SERVICE_COUNT = 8;   // how many requests reported it
    // the backlog reported in the second, as request-milliseconds: each summary's queued count times the
    // part of the second its interval covers, so a server that summarises twice a second counts once
    // (its mean backlog) and several servers add up; -1 if none reported one
    private static final int QUEUED_MILLIS = 9;
    private static final int W = 10;              // longs per slot
    private final long[] data;
    private final LatencyBins[] latency; // allocated on a slot's first latency, then cleared and reused
    private long head = NO_SECOND;

    // blocks of merged sketches: the cache in slot b mod blocks holds the merge of the sketches of
    // seconds [block × 10, block × 10 + covered) of block blockOf, or nothing when covered is 0
    static final int BLOCK_SECONDS = 10;
    // the tally a reading adds its parts into, one per thread and reused: read() is called for every
    // service every tick; only its quantiles leave read(), so nothing keeps a reference to it. The
    // last thread's is kept at hand: ThreadLocal.get was 4 % of a tick at 10,000 services
    private static final ThreadLocal<Scratch> READING = ThreadLocal.withInitial(Scratch::new);
    private static volatile Scratch lastScratch = new Scratch();

    /** A thread's reading tally, trends and sums, and which thread it is. */
    private static final class Scratch {
        final Thread owner = Thread.currentThread();
        final LatencyTally tally = new LatencyTally();
        final WorkTrend trend = new WorkTrend(0);
        final WorkTrend panicTrend = new WorkTrend(0);
        final Sums sums = new Sums();
        final Sums panicSums = new Sums();
    }
    private final long[] blockOf;
    private final int[] covered;
    private final LatencyBins[] blockSketch; // allocated on a block's first use, then cleared and reused

    BucketRing(int length) {
        if (length < 2) {
            throw new IllegalArgumentException("ring length must be >= 2, but was " + length);
        }
        this.length = length;
        this.data = new long[length * W];
        for (int slot = 0; slot < length; slot++) {
            data[slot * W + SECOND] = NO_SECOND;
            data[slot * W + QUEUED_MILLIS] = UNKNOWN;
        }
        this.latency = new LatencyBins[length];
        // every block the ring can hold has a slot of its own: one more for a partly held block at each end
        int blocks = (length + BLOCK_SECONDS - 1) / BLOCK_SECONDS + 2;
        this.blockOf = new long[blocks];
        Arrays.fill(blockOf, NO_SECOND);
        this.covered = new int[blocks];
        this.blockSketch = new LatencyBins[blocks];
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
            data[slot * W + SERVICE_MS_SUM] += serviceMs;
            data[slot * W + SERVICE_COUNT]++;
        }
        data[slot * W + COUNT]++;
        if (error) {
            data[slot * W + ERRORS]++;
        }
        data[slot * W + LATENCY_SUM] += latencyMs;
        data[slot * W + LATENCY_MAX] = Math.max(data[slot * W + LATENCY_MAX], latencyMs);
        data[slot * W + BYTES] += responseBytes;
        sketch(slot).acceptMillis(latencyMs);
        LatencyBins block = coveringBlock(second);
        if (block != null) {
            block.acceptMillis(latencyMs);
        }
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
            data[slot * W + SERVICE_MS_SUM] += busyMsSum;
            data[slot * W + SERVICE_COUNT] += requests;
        }
        if (backlog != UNKNOWN) {
            // a level held over the interval: weighted by the part of the second it covers
            long weighted = backlog * Math.min(intervalMs, 1000L);
            data[slot * W + QUEUED_MILLIS] = (data[slot * W + QUEUED_MILLIS] == UNKNOWN ? 0 : data[slot * W + QUEUED_MILLIS]) + weighted;
        }
        data[slot * W + COUNT] += requests;
        data[slot * W + ERRORS] += failed;
        data[slot * W + LATENCY_SUM] += latencyMsSum;
        data[slot * W + LATENCY_MAX] = Math.max(data[slot * W + LATENCY_MAX], latencyMsMax);
        data[slot * W + IN_FLIGHT_MAX] = Math.max(data[slot * W + IN_FLIGHT_MAX], inFlight);
        LatencyBins block = coveringBlock(second);
        if (requests > 1) {
            sketch(slot).accept((double) latencyMsSum / requests, requests - 1);
            if (block != null) {
                block.accept((double) latencyMsSum / requests, requests - 1);
            }
        }
        if (requests > 0) {
            sketch(slot).accept(latencyMsMax);
            if (block != null) {
                block.accept(latencyMsMax);
            }
        }
    }

    /** Requests recorded in the whole seconds {@code [fromSecond, toSecond)}: counts only, no latencies. */
    long requests(long fromSecond, long toSecond) {
        long n = 0;
        for (long s = fromSecond; s < toSecond; s++) {
            int slot = slotOf(s);
            if (data[slot * W + SECOND] == s) {
                n += data[slot * W + COUNT];
            }
        }
        return n;
    }

    /**
     * The figures over the whole seconds {@code [fromSecond, toSecond)}, divided by
     * {@code spanSeconds}. Allocates only the figures (the tally and the trend are the thread's,
     * reused).
     */
    SpanStats read(long fromSecond, long toSecond, long spanSeconds) {
        Scratch scratch = scratch();
        WorkTrend trend = scratch.trend.reset((int) Math.max(0, toSecond - fromSecond));
        Sums sums = scratch.sums.reset();
        for (long s = fromSecond; s < toSecond; s++) {
            int slot = slotOf(s);
            if (data[slot * W + SECOND] == s) { // else nothing recorded in second s
                sums.add(this, slot);
                trend.second(s, data[slot * W + COUNT], data[slot * W + LATENCY_SUM], backlog(slot));
            }
        }
        return figures(sums, trend, fromSecond, toSecond, spanSeconds, scratch.tally);
    }

    /**
     * Both spans a snapshot reads, {@code [stableFrom, toSecond)} and the newer
     * {@code [panicFrom, toSecond)}, in one pass over the seconds: the panic span's seconds are the
     * stable span's newest, and each second's figures were read twice. The same figures, bit for
     * bit, as two {@link #read}s: each span's sums and trend take its seconds in the same order, and
     * the latencies are merged stable span first, as before (the blocks' caches grow the same way).
     *
     * @return the stable span's figures, then the panic span's
     */
    SpanStats[] readBoth(long stableFrom, long panicFrom, long toSecond, long stableSpanSeconds,
                         long panicSpanSeconds) {
        if (panicFrom < stableFrom) { // not the stable span's newest seconds: two readings
            return new SpanStats[] {read(stableFrom, toSecond, stableSpanSeconds),
                    read(panicFrom, toSecond, panicSpanSeconds)};
        }
        Scratch scratch = scratch();
        WorkTrend stableTrend = scratch.trend.reset((int) Math.max(0, toSecond - stableFrom));
        WorkTrend panicTrend = scratch.panicTrend.reset((int) Math.max(0, toSecond - panicFrom));
        Sums stable = scratch.sums.reset();
        Sums panic = scratch.panicSums.reset();
        for (long s = stableFrom; s < toSecond; s++) {
            int slot = slotOf(s);
            if (data[slot * W + SECOND] != s) {
                continue; // nothing recorded in second s
            }
            double backlog = backlog(slot);
            stable.add(this, slot);
            stableTrend.second(s, data[slot * W + COUNT], data[slot * W + LATENCY_SUM], backlog);
            if (s >= panicFrom) {
                panic.add(this, slot);
                panicTrend.second(s, data[slot * W + COUNT], data[slot * W + LATENCY_SUM], backlog);
            }
        }
        SpanStats stableStats = figures(stable, stableTrend, stableFrom, toSecond, stableSpanSeconds, scratch.tally);
        return new SpanStats[] {stableStats,
                figures(panic, panicTrend, panicFrom, toSecond, panicSpanSeconds, scratch.tally)};
    }

    private double backlog(int slot) {
        return data[slot * W + QUEUED_MILLIS] == UNKNOWN ? Double.NaN : data[slot * W + QUEUED_MILLIS] / 1000.0;
    }

    /** A span's figures from its seconds' sums and trend, and its latencies merged into the tally. */
    private SpanStats figures(Sums sums, WorkTrend trend, long fromSecond, long toSecond, long spanSeconds,
                              LatencyTally tally) {
        long n = sums.count;
        LatencyTally merged = mergedLatency(fromSecond, toSecond, tally);
        double[] q = merged.isEmpty()
                ? new double[] {Double.NaN, Double.NaN, Double.NaN}
                : merged.valuesAtQuantiles(QUANTILES);
        return new SpanStats(
                Duration.ofSeconds(spanSeconds),
                n,
                sums.failed,
                (double) n / spanSeconds,
                sums.latencySum / 1000.0 / spanSeconds, // Little's law: L = λW = Σ latency / span
                q[0], q[1], q[2],
                n == 0 ? 0.0 : (double) sums.failed / n,
                sums.bytes,
                sums.inFlight,
                new WorkStats(sums.serviced == 0 ? Double.NaN : (double) sums.serviceSum / sums.serviced,
                        n == 0 ? 0.0 : Math.min(1.0, (double) sums.serviced / n),
                        trend.baselineLatencyMs(BASELINE_QUANTILE), trend.backlog(), trend.backlogGrowthPerSecond()));
    }

    /** A span's whole-number figures, second by second (all exact: longs). */
    private static final class Sums {
        long count;
        long failed;
        long latencySum;
        long bytes;
        long inFlight;
        long serviceSum;
        long serviced;

        Sums reset() {
            count = 0;
            failed = 0;
            latencySum = 0;
            bytes = 0;
            inFlight = 0;
            serviceSum = 0;
            serviced = 0;
            return this;
        }

        void add(BucketRing ring, int slot) {
            serviceSum += ring.data[slot * W + SERVICE_MS_SUM];
            serviced += ring.data[slot * W + SERVICE_COUNT];
            count += ring.data[slot * W + COUNT];
            failed += ring.data[slot * W + ERRORS];
            latencySum += ring.data[slot * W + LATENCY_SUM];
            bytes += ring.data[slot * W + BYTES];
            inFlight = Math.max(inFlight, ring.data[slot * W + IN_FLIGHT_MAX]);
        }
    }

    /**
     * The latencies of the seconds {@code [fromSecond, toSecond)}, in this thread's tally (empty if none
     * holds a latency): whole blocks from their caches (extended to {@code toSecond} for the newest),
     * the seconds before the first block boundary one by one.
     */
    private LatencyTally mergedLatency(long fromSecond, long toSecond, LatencyTally merged) {
        merged.clear();
        long s = fromSecond;
        while (s < toSecond) {
            long block = Math.floorDiv(s, BLOCK_SECONDS);
            long blockStart = block * BLOCK_SECONDS;
            long end = Math.min(blockStart + BLOCK_SECONDS, toSecond);
            LatencyBins part = s == blockStart ? blockPrefix(block, (int) (end - blockStart)) : null;
            if (part != null) {
                merged.addAll(part);
            } else {
                for (long t = s; t < end; t++) {
                    int slot = slotOf(t);
                    if (data[slot * W + SECOND] == t && latency[slot] != null) {
                        merged.addAll(latency[slot]);
                    }
                }
            }
            s = end;
        }
        return merged;
    }

    /** This thread's scratch. */
    private static Scratch scratch() {
        Scratch scratch = lastScratch;
        if (scratch.owner != Thread.currentThread()) {
            scratch = READING.get();
            lastScratch = scratch;
        }
        return scratch;
    }

    /**
     * The merged bins of the first {@code seconds} seconds of {@code block}, from its cache, which
     * is extended by the seconds it does not cover yet; null if the cache covers more than that (a
     * reading ending earlier than the last one: the caller merges those seconds itself).
     */
    private LatencyBins blockPrefix(long block, int seconds) {
        int b = blockSlotOf(block);
        if (blockOf[b] != block) {
            blockOf[b] = block;
            covered[b] = 0;
        }
        if (covered[b] > seconds) {
            return null;
        }
        LatencyBins sketch = blockSketch[b];
        if (sketch == null) {
            sketch = new LatencyBins();
            blockSketch[b] = sketch;
        } else if (covered[b] == 0) {
            sketch.clear();
        }
        long blockStart = block * BLOCK_SECONDS;
        for (long t = blockStart + covered[b]; t < blockStart + seconds; t++) {
            int slot = slotOf(t);
            if (data[slot * W + SECOND] == t && latency[slot] != null && !latency[slot].isEmpty()) {
                sketch.addAll(latency[slot]);
            }
        }
        covered[b] = seconds;
        return sketch;
    }

    /** The sketch of the block cache that covers {@code second}, which must take its latencies too, or null. */
    private LatencyBins coveringBlock(long second) {
        long block = Math.floorDiv(second, BLOCK_SECONDS);
        int b = blockSlotOf(block);
        if (blockOf[b] == block && second - block * BLOCK_SECONDS < covered[b]) {
            return blockSketch[b];
        }
        return null;
    }

    /** {@code second} left the ring: a block cache covering it no longer matches the ring. */
    private void dropBlockCovering(long second) {
        long block = Math.floorDiv(second, BLOCK_SECONDS);
        int b = blockSlotOf(block);
        if (blockOf[b] == block && second - block * BLOCK_SECONDS < covered[b]) {
            covered[b] = 0;
        }
    }

    private int blockSlotOf(long block) {
        return (int) Math.floorMod(block, (long) blockOf.length);
    }

    private int claim(long second) {
        int slot = slotOf(second);
        if (data[slot * W + SECOND] != second) {
            reset(slot, second);
        }
        if (second > head) {
            head = second;
        }
        return slot;
    }

    private void reset(int slot, long second) {
        if (data[slot * W + SECOND] != NO_SECOND) {
            dropBlockCovering(data[slot * W + SECOND]);
        }
        data[slot * W + SECOND] = second;
        data[slot * W + COUNT] = 0;
        data[slot * W + ERRORS] = 0;
        data[slot * W + LATENCY_SUM] = 0;
        data[slot * W + LATENCY_MAX] = 0;
        data[slot * W + BYTES] = 0;
        data[slot * W + IN_FLIGHT_MAX] = 0;
        data[slot * W + SERVICE_MS_SUM] = 0;
        data[slot * W + SERVICE_COUNT] = 0;
        data[slot * W + QUEUED_MILLIS] = UNKNOWN;
        if (latency[slot] != null) {
            latency[slot].clear();
        }
    }

    private LatencyBins sketch(int slot) {
        LatencyBins sketch = latency[slot];
        if (sketch == null) {
            sketch = new LatencyBins();
            latency[slot] = sketch;
        }
        return sketch;
    }

    private int slotOf(long second) {
        return Math.floorMod(second, length);
    }
}
