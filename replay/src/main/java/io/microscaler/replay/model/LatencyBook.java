package io.microscaler.replay.model;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The latencies of the requests that arrived in each second, until that second's p95 can be told.
 *
 * <p>A request's latency is known when its service starts (its wait plus its service time), so a
 * second is complete once no request that arrived in it is still waiting. Its p95 is then exact:
 * the nearest-rank 95th percentile of all its requests' latencies, with each dropped request counted
 * as infinitely slow. A second that dropped more than 5 % of its requests therefore has an
 * infinite p95 and violates any SLO; one that dropped fewer is judged on the requests it served.
 *
 * <p>The open seconds are a ring indexed by second: a request that waited may be booked after a
 * later second's drops, so booking is by index, not in order.
 */
final class LatencyBook {

    private final ArrayDeque<float[]> spare = new ArrayDeque<>();
    private float[][] values = new float[8][];
    private int[] sizes = new int[8];
    private long nextSecond; // the oldest open second, at ring index nextSecond mod length

    /** Latency of a request that arrived in {@code second}, not yet closed. */
    void add(long second, double latencyMs) {
        if (second < nextSecond) {
            throw new IllegalStateException("second " + second + " is already closed");
        }
        while (second - nextSecond >= values.length) {
            grow();
        }
        int i = index(second);
        float[] v = values[i];
        if (v == null) {
            v = spare.isEmpty() ? new float[64] : spare.pop();
            values[i] = v;
        }
        if (sizes[i] == v.length) {
            v = Arrays.copyOf(v, v.length * 2);
            values[i] = v;
        }
        v[sizes[i]++] = (float) latencyMs;
    }

    void addDropped(long second) {
        add(second, Double.POSITIVE_INFINITY);
    }

    /**
     * Closes every second before {@code firstUnresolved} and hands its p95 to {@code sink}
     * (NaN for a second without requests). Seconds are closed in order, each once.
     */
    void closeBefore(long firstUnresolved, P95Sink sink) {
        while (nextSecond < firstUnresolved) {
            int i = index(nextSecond);
            float[] v = values[i];
            if (v == null) {
                sink.accept(nextSecond, Float.NaN);
            } else {
                sink.accept(nextSecond, p95(v, sizes[i]));
                spare.push(v);
                values[i] = null;
                sizes[i] = 0;
            }
            nextSecond++;
        }
    }

    /** Where closed seconds go. */
    interface P95Sink {
        void accept(long second, float p95Ms);
    }

    /** Nearest rank: the ceil(0.95 × n)-th smallest; of 20 latencies the 19th, of 10 the 10th. */
    static float p95(float[] values, int size) {
        if (size == 0) {
            return Float.NaN;
        }
        Arrays.sort(values, 0, size);
        int rank = (int) Math.ceil(0.95 * size - 1e-9);
        return values[rank - 1];
    }

    private int index(long second) {
        return (int) Math.floorMod(second, (long) values.length);
    }

    private void grow() {
        float[][] v = new float[values.length * 2][];
        int[] s = new int[values.length * 2];
        for (long sec = nextSecond; sec < nextSecond + values.length; sec++) {
            int from = index(sec);
            int to = (int) Math.floorMod(sec, (long) v.length);
            v[to] = values[from];
            s[to] = sizes[from];
        }
        values = v;
        sizes = s;
    }
}
