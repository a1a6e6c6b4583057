package io.microscaler.demo;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import java.util.OptionalDouble;

/**
 * The client side's record of the load: offered, succeeded, failed, and latency, per second.
 * Pure and thread-confined (the traffic generator's context); time is an argument, milliseconds
 * on any monotonic scale, and events are filed under the second they happened in.
 *
 * <p>A ring of per-second buckets, each with its counts and a DDSketch of latencies (1 %
 * relative error, mergeable): a rolling p95 merges the buckets of the window. A bucket whose
 * second has left the window is cleared when its slot is reused.
 */
public final class ClientStats {

    private static final double RELATIVE_ACCURACY = 0.01;

    private final int windowSeconds;
    private final long startSecond;
    private final long[] second;
    private final long[] offeredIn;
    private final long[] succeededIn;
    private final long[] failedIn;
    private final DDSketch[] latencies;

    private long offered;
    private long succeeded;
    private long failed;
    private long dropped;

    /**
     * @param windowSeconds how many complete seconds the rates and p95 cover (≥ 1)
     * @param startMillis   when the load starts, on the same scale as the times passed later
     */
    public ClientStats(int windowSeconds, long startMillis) {
        if (windowSeconds < 1) {
            throw new IllegalArgumentException("windowSeconds must be ≥ 1, but was " + windowSeconds);
        }
        this.windowSeconds = windowSeconds;
        this.startSecond = Math.floorDiv(startMillis, 1000);
        int slots = windowSeconds + 1; // the window plus the current, incomplete second
        this.second = new long[slots];
        this.offeredIn = new long[slots];
        this.succeededIn = new long[slots];
        this.failedIn = new long[slots];
        this.latencies = new DDSketch[slots];
        for (int i = 0; i < slots; i++) {
            second[i] = Long.MIN_VALUE;
            latencies[i] = DDSketches.unboundedDense(RELATIVE_ACCURACY);
        }
    }

    /** The scenario asked for a request (whether or not it could be sent). */
    public void offered(long nowMillis) {
        offered++;
        int slot = slot(nowMillis);
        if (slot >= 0) {
            offeredIn[slot]++;
        }
    }

    /** A request was answered with 2xx after {@code latencyMillis}. */
    public void succeeded(long nowMillis, double latencyMillis) {
        succeeded++;
        int slot = slot(nowMillis);
        if (slot >= 0) {
            succeededIn[slot]++;
            latencies[slot].accept(Math.max(0, latencyMillis));
        }
    }

    /** A request was answered with a non-2xx status, or failed (connection, timeout). */
    public void failed(long nowMillis) {
        failed++;
        int slot = slot(nowMillis);
        if (slot >= 0) {
            failedIn[slot]++;
        }
    }

    /** An offered request was not sent because too many were outstanding; counts as failed too. */
    public void dropped(long nowMillis) {
        dropped++;
        failed(nowMillis);
    }

    public ClientSnapshot snapshot(long nowMillis) {
        long current = Math.floorDiv(nowMillis, 1000);
        int complete = (int) Math.max(0, Math.min(windowSeconds, current - startSecond));
        long offeredSum = 0;
        long succeededSum = 0;
        long failedSum = 0;
        DDSketch merged = DDSketches.unboundedDense(RELATIVE_ACCURACY);
        for (long s = current - complete; s < current; s++) {
            int slot = (int) Math.floorMod(s, (long) second.length);
            if (second[slot] == s) {
                offeredSum += offeredIn[slot];
                succeededSum += succeededIn[slot];
                failedSum += failedIn[slot];
                merged.mergeWith(latencies[slot]);
            }
        }
        double seconds = Math.max(1, complete);
        OptionalDouble p95 = merged.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(merged.getValueAtQuantile(0.95));
        int lastSlot = (int) Math.floorMod(current - 1, (long) second.length);
        OptionalDouble lastSecond = complete > 0 && second[lastSlot] == current - 1 && !latencies[lastSlot].isEmpty()
                ? OptionalDouble.of(latencies[lastSlot].getValueAtQuantile(0.95)) : OptionalDouble.empty();
        return new ClientSnapshot(offered, succeeded, failed, dropped, offered - succeeded - failed, complete,
                complete == 0 ? 0 : offeredSum / seconds, complete == 0 ? 0 : succeededSum / seconds,
                complete == 0 ? 0 : failedSum / seconds, p95, lastSecond);
    }

    /**
     * The slot of the second {@code nowMillis} falls in, cleared first if it held an older second;
     * -1 for a time older than the slot's second (then only the totals count it).
     */
    private int slot(long nowMillis) {
        long s = Math.floorDiv(nowMillis, 1000);
        int slot = (int) Math.floorMod(s, (long) second.length);
        if (second[slot] > s) {
            return -1;
        }
        if (second[slot] != s) {
            second[slot] = s;
            offeredIn[slot] = 0;
            succeededIn[slot] = 0;
            failedIn[slot] = 0;
            latencies[slot].clear();
        }
        return slot;
    }
}
