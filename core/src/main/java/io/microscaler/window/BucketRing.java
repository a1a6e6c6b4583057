package io.microscaler.window;

import java.time.Duration;

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
 * <h2>Each span's latencies, kept from one reading to the next</h2>
 * Merging the seconds' latencies was what a reading cost: a 60-s span merged 60 per-second
 * DDSketches, every tick, for every service (issue 20); later ~20 parts (blocks of 10 s and single
 * seconds), each a few loads from memory no cache held. So the ring keeps, for each of the two
 * spans a window reads (stable and panic), the tally of the latencies of the seconds it read last
 * ({@link LatencyTally}). The next reading adds the seconds that entered the span and subtracts
 * those that left it: one second each, a tick later. A latency recorded into a second the span holds
 * is added to the tally as it comes. Counts are whole numbers, so the tally is exactly the sum of the
 * span's seconds, whatever the order. Where that could fail, the tally is built again from the
 * seconds: a second that leaves the ring while a tally holds it, a span that moved by more than its
 * length, and a second whose bins collapsed (bins below its lowest went into it, so they are no longer
 * what the tally was given).
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
    private OpenSecondLatencies open; // the requests' latencies of the slot last given one, not yet in its bins
    private static final long COUNTED_AFTER = 64; // requests in a second before its latencies are counted by bin
    private long head = NO_SECOND;

    // the latencies of the seconds the stable and the panic span read last, kept up to date
    private final SpanLatencies stableLatencies = new SpanLatencies();
    private final SpanLatencies panicLatencies = new SpanLatencies();
    // a thread's tally, trends and sums for a reading, reused: the ring is read for every service every
    // tick; only figures leave a reading, so nothing keeps a reference to them. The last thread's is
    // kept at hand: ThreadLocal.get was 4 % of a tick at 10,000 services
    private static final ThreadLocal<Scratch> READING = ThreadLocal.withInitial(Scratch::new);
    private static volatile Scratch lastScratch = new Scratch();

    /** A thread's reading tally, trends and sums, and which thread it is. */
    private static final class Scratch {
        final Thread owner = Thread.currentThread();
        final SpanLatencies latencies = new SpanLatencies(new LatencyTally());
        final WorkTrend trend = new WorkTrend(0);
        final WorkTrend panicTrend = new WorkTrend(0);
        final Sums sums = new Sums();
        final Sums panicSums = new Sums();
    }

    /**
     * The tally of the latencies of the seconds {@code [from, to)} this ring holds, while valid: every
     * latency recorded into one of them since went into it too.
     */
    private static final class SpanLatencies {
        final LatencyTally tally;
        long from;
        long to;
        boolean valid;

        SpanLatencies() {
            this(new LatencyTally(64, true));
        }

        SpanLatencies(LatencyTally tally) {
            this.tally = tally;
        }

        boolean holds(long second) {
            return valid && second >= from && second < to;
        }
    }

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
        acceptMillis(slot, latencyMs);
        if (stableLatencies.holds(second)) {
            stableLatencies.tally.acceptMillis(latencyMs);
        }
        if (panicLatencies.holds(second)) {
            panicLatencies.tally.acceptMillis(latencyMs);
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
        if (requests > 1) {
            sketch(slot).accept((double) latencyMsSum / requests, requests - 1);
            mirror(second, (double) latencyMsSum / requests, requests - 1);
        }
        if (requests > 0) {
            sketch(slot).accept(latencyMsMax);
            mirror(second, latencyMsMax, 1);
        }
    }

    /** A latency recorded into {@code second}, into the span tallies that hold it. */
    private void mirror(long second, double value, double n) {
        if (stableLatencies.holds(second)) {
            stableLatencies.tally.accept(value, n);
        }
        if (panicLatencies.holds(second)) {
            panicLatencies.tally.accept(value, n);
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
        scratch.latencies.valid = false; // not kept up to date by the ring: built from the seconds
        return read(fromSecond, toSecond, spanSeconds, scratch, scratch.latencies);
    }

    private SpanStats read(long fromSecond, long toSecond, long spanSeconds, Scratch scratch, SpanLatencies latencies) {
        WorkTrend trend = scratch.trend.reset((int) Math.max(0, toSecond - fromSecond));
        Sums sums = scratch.sums.reset();
        // the slot's place in data, one slot on each second (a remainder per second was a division each)
        for (long s = fromSecond, at = base(fromSecond); s < toSecond; s++, at = next(at)) {
            if (data[(int) at + SECOND] == s) { // else nothing recorded in second s
                sums.add(data, (int) at);
                trend.second(s, data[(int) at + COUNT], data[(int) at + LATENCY_SUM], backlogAt((int) at));
            }
        }
        return figures(sums, trend, fromSecond, toSecond, spanSeconds, latencies);
    }

    /**
     * Both spans a snapshot reads, {@code [stableFrom, toSecond)} and the newer
     * {@code [panicFrom, toSecond)}, in one pass over the seconds: the panic span's seconds are the
     * stable span's newest, and each second's figures were read twice. The same figures, bit for
     * bit, as two {@link #read}s: each span's sums and trend take its seconds in the same order. Each
     * span's latencies come from its tally, kept from the last reading.
     *
     * @return the stable span's figures, then the panic span's
     */
    SpanStats[] readBoth(long stableFrom, long panicFrom, long toSecond, long stableSpanSeconds,
                         long panicSpanSeconds) {
        Scratch scratch = scratch();
        if (panicFrom < stableFrom) { // not the stable span's newest seconds: two readings
            return new SpanStats[] {read(stableFrom, toSecond, stableSpanSeconds, scratch, stableLatencies),
                    read(panicFrom, toSecond, panicSpanSeconds, scratch, panicLatencies)};
        }
        WorkTrend stableTrend = scratch.trend.reset((int) Math.max(0, toSecond - stableFrom));
        WorkTrend panicTrend = scratch.panicTrend.reset((int) Math.max(0, toSecond - panicFrom));
        Sums stable = scratch.sums.reset();
        Sums panic = scratch.panicSums.reset();
        // the slot's place in data, one slot on each second (a remainder per second was a division each)
        for (long s = stableFrom, at = base(stableFrom); s < toSecond; s++, at = next(at)) {
            int i = (int) at;
            if (data[i + SECOND] != s) {
                continue; // nothing recorded in second s
            }
            double backlog = backlogAt(i);
            stable.add(data, i);
            stableTrend.second(s, data[i + COUNT], data[i + LATENCY_SUM], backlog);
            if (s >= panicFrom) {
                panic.add(data, i);
                panicTrend.second(s, data[i + COUNT], data[i + LATENCY_SUM], backlog);
            }
        }
        SpanStats stableStats = figures(stable, stableTrend, stableFrom, toSecond, stableSpanSeconds, stableLatencies);
        return new SpanStats[] {stableStats,
                figures(panic, panicTrend, panicFrom, toSecond, panicSpanSeconds, panicLatencies)};
    }

    /** Where second {@code second}'s slot starts in data. */
    private long base(long second) {
        return (long) slotOf(second) * W;
    }

    /** Where the slot after the one at {@code at} starts in data: the first after the last. */
    private long next(long at) {
        return at + W == data.length ? 0 : at + W;
    }

    /** @param at where the slot starts in data */
    private double backlogAt(int at) {
        return data[at + QUEUED_MILLIS] == UNKNOWN ? Double.NaN : data[at + QUEUED_MILLIS] / 1000.0;
    }

    /** A span's figures from its seconds' sums and trend, and its latencies' tally moved to the span. */
    private SpanStats figures(Sums sums, WorkTrend trend, long fromSecond, long toSecond, long spanSeconds,
                              SpanLatencies latencies) {
        long n = sums.count;
        LatencyTally merged = latenciesOf(latencies, fromSecond, toSecond);
        double[] q = merged.isEmpty()
                ? new double[] {Double.NaN, Double.NaN, Double.NaN}
                : merged.valuesAtQuantiles(QUANTILES);
        return new SpanStats(
                spanOf(spanSeconds),
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

    // a span's length as a Duration, one per length: every reading of every service made two (issue 20)
    private static final Duration[] SPANS = new Duration[3_601];

    private static Duration spanOf(long seconds) {
        if (seconds < 0 || seconds >= SPANS.length) {
            return Duration.ofSeconds(seconds);
        }
        Duration span = SPANS[(int) seconds];
        if (span == null) { // a race makes an equal one twice: a Duration is a value, safe to share
            span = Duration.ofSeconds(seconds);
            SPANS[(int) seconds] = span;
        }
        return span;
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

        /** @param at where the slot starts in data */
        void add(long[] data, int at) {
            serviceSum += data[at + SERVICE_MS_SUM];
            serviced += data[at + SERVICE_COUNT];
            count += data[at + COUNT];
            failed += data[at + ERRORS];
            latencySum += data[at + LATENCY_SUM];
            bytes += data[at + BYTES];
            inFlight = Math.max(inFlight, data[at + IN_FLIGHT_MAX]);
        }
    }

    /**
     * The tally of the latencies of the seconds {@code [fromSecond, toSecond)}: {@code latencies}'
     * tally, moved there from the span it held by adding the seconds that entered and subtracting
     * those that left, or built again from the seconds where that would cost more or could be wrong.
     */
    private LatencyTally latenciesOf(SpanLatencies latencies, long fromSecond, long toSecond) {
        LatencyTally tally = latencies.tally;
        long moved = Math.abs(fromSecond - latencies.from) + Math.abs(toSecond - latencies.to);
        if (!latencies.valid || fromSecond >= toSecond || latencies.from >= latencies.to
                || moved >= toSecond - fromSecond
                || collapsedIn(latencies.from, Math.min(fromSecond, latencies.to))
                || collapsedIn(Math.max(toSecond, latencies.from), latencies.to)) {
            tally.clear();
            addSeconds(tally, fromSecond, toSecond);
        } else {
            subtractSeconds(tally, latencies.from, Math.min(fromSecond, latencies.to));
            subtractSeconds(tally, Math.max(toSecond, latencies.from), latencies.to);
            addSeconds(tally, fromSecond, Math.min(latencies.from, toSecond));
            addSeconds(tally, Math.max(latencies.to, fromSecond), toSecond);
        }
        latencies.from = fromSecond;
        latencies.to = toSecond;
        latencies.valid = true;
        return tally;
    }

    /** The latencies of the seconds in {@code [fromSecond, toSecond)} the ring holds, one by one. */
    private void addSeconds(LatencyTally tally, long fromSecond, long toSecond) {
        for (long s = fromSecond; s < toSecond; s++) {
            LatencyBins bins = heldLatencies(s);
            if (bins != null) {
                tally.addAll(bins);
            }
        }
    }

    private void subtractSeconds(LatencyTally tally, long fromSecond, long toSecond) {
        for (long s = fromSecond; s < toSecond; s++) {
            LatencyBins bins = heldLatencies(s);
            if (bins != null) {
                tally.subtractAll(bins);
            }
        }
    }

    /** Whether a second in {@code [fromSecond, toSecond)} has bins no longer the sum of what it was given. */
    private boolean collapsedIn(long fromSecond, long toSecond) {
        for (long s = fromSecond; s < toSecond; s++) {
            LatencyBins bins = heldLatencies(s);
            if (bins != null && bins.collapsed()) {
                return true;
            }
        }
        return false;
    }

    /** The latencies of {@code second}, or null if the ring holds none for it. */
    private LatencyBins heldLatencies(long second) {
        int slot = slotOf(second);
        if (data[slot * W + SECOND] != second) {
            return null;
        }
        flushOpen(slot);
        return latency[slot];
    }

    /**
     * A request's latency into the slot's bins: through {@link OpenSecondLatencies} once the second has
     * had {@link #COUNTED_AFTER} requests and the latency is a common one, directly before. A quiet
     * service never needs the table (nor its kilobyte), and its few latencies would otherwise enter
     * the bins at the tick's first read rather than as they come.
     */
    private void acceptMillis(int slot, long latencyMs) {
        LatencyBins bins = sketch(slot);
        if (data[slot * W + COUNT] > COUNTED_AFTER && latencyMs > 0 && latencyMs < LatencySketches.CACHED_MILLIS) {
            int bin = LatencySketches.indexOfMillis((int) latencyMs);
            if (open == null) {
                open = new OpenSecondLatencies();
            }
            if (open.slot() != slot) {
                flushOpen(open.slot());
                open.open(slot, bin);
            }
            if (open.add(bin)) {
                return;
            }
        }
        bins.acceptMillis(latencyMs);
    }

    /** Whatever {@link OpenSecondLatencies} counted for {@code slot}, into its bins: before they are read or reused. */
    private void flushOpen(int slot) {
        if (open != null && slot >= 0 && open.slot() == slot) {
            open.flushInto(latency[slot]);
        }
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
        long leaving = data[slot * W + SECOND];
        // a span tally that holds the second leaving is no longer the sum of the seconds held
        if (stableLatencies.holds(leaving)) {
            stableLatencies.valid = false;
        }
        if (panicLatencies.holds(leaving)) {
            panicLatencies.valid = false;
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
            flushOpen(slot); // the second leaving, whole: clear() keeps its arrays by how many bins it used
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
