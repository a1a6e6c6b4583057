package io.microscaler.demo;

import java.util.ArrayDeque;

/**
 * The admission of an image server's renders: at most {@code workers} run at once, up to
 * {@code queueLimit} more wait in arrival order, the rest are refused (503). Pure and
 * thread-confined (the server's event loop).
 *
 * <p>This is where latency comes from under load: a request's latency is its wait here plus its
 * own render time, so with c workers each rendering for S on average, a server stays near S up to
 * about c / S requests per second (4 / 40 ms = 100/s) and beyond it the queue, and the waits,
 * grow until the queue limit turns requests away: the M/M/c-with-finite-queue behaviour that an
 * autoscaler must see, and that a fixed latency would hide.
 */
public final class WorkerPool<T> {

    public enum Admission { STARTED, QUEUED, REJECTED }

    private final int workers;
    private final int queueLimit;
    private final ArrayDeque<T> queue = new ArrayDeque<>();
    private int busy;

    public WorkerPool(int workers, int queueLimit) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be ≥ 1, but was " + workers);
        }
        if (queueLimit < 0) {
            throw new IllegalArgumentException("queueLimit must be ≥ 0, but was " + queueLimit);
        }
        this.workers = workers;
        this.queueLimit = queueLimit;
    }

    /** A job arrives: it starts now (the caller starts it), waits, or is refused. */
    public Admission offer(T job) {
        if (busy < workers) {
            busy++;
            return Admission.STARTED;
        }
        if (queue.size() < queueLimit) {
            queue.addLast(job);
            return Admission.QUEUED;
        }
        return Admission.REJECTED;
    }

    /**
     * A running job finished: its worker takes the oldest waiting job.
     *
     * @return the job the caller starts now, or null when none waits (the worker is idle)
     */
    public T finish() {
        if (busy == 0) {
            throw new IllegalStateException("finish() without a running job");
        }
        T next = queue.pollFirst();
        if (next == null) {
            busy--;
        }
        return next;
    }

    /** Jobs running. */
    public int busy() {
        return busy;
    }

    /** Jobs waiting. */
    public int queued() {
        return queue.size();
    }

    /** Jobs running or waiting. */
    public int inFlight() {
        return busy + queue.size();
    }
}
