package io.microscaler.replay.model;

import java.util.Arrays;

/**
 * Requests in service, ordered by when they complete: a binary min-heap on primitive arrays, so
 * the millions of requests of a week-long replay allocate nothing per request. Each entry carries
 * the task serving it, the request's total latency (known when its service starts) and its time at work.
 */
final class CompletionHeap {

    private double[] time = new double[64];
    private int[] task = new int[64];
    private double[] latencyMs = new double[64];
    private double[] serviceMs = new double[64];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void push(double completesAt, int taskIndex, double latency, double service) {
        if (size == time.length) {
            time = Arrays.copyOf(time, size * 2);
            task = Arrays.copyOf(task, size * 2);
            latencyMs = Arrays.copyOf(latencyMs, size * 2);
            serviceMs = Arrays.copyOf(serviceMs, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (time[parent] <= completesAt) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        time[i] = completesAt;
        task[i] = taskIndex;
        latencyMs[i] = latency;
        serviceMs[i] = service;
    }

    /** The earliest completion time; only when not empty. */
    double peekTime() {
        return time[0];
    }

    int peekTask() {
        return task[0];
    }

    double peekLatencyMs() {
        return latencyMs[0];
    }

    double peekServiceMs() {
        return serviceMs[0];
    }

    /** Removes the earliest completion (read it with the peek methods first). */
    void pop() {
        size--;
        if (size == 0) {
            return;
        }
        double t = time[size];
        int k = task[size];
        double l = latencyMs[size];
        double sv = serviceMs[size];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && time[child + 1] < time[child]) {
                child++;
            }
            if (time[child] >= t) {
                break;
            }
            move(child, i);
            i = child;
        }
        time[i] = t;
        task[i] = k;
        latencyMs[i] = l;
        serviceMs[i] = sv;
    }

    private void move(int from, int to) {
        time[to] = time[from];
        task[to] = task[from];
        latencyMs[to] = latencyMs[from];
        serviceMs[to] = serviceMs[from];
    }
}
