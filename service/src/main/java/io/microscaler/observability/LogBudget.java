package io.microscaler.observability;

/**
 * How many lines of one kind a log may take per interval: the first {@code perInterval} of each
 * interval are written, the others only counted, and the caller says how many were left out
 * ({@link #drainLeftOut}) in one line: with the next line written, and from a timer.
 *
 * <p>Why: some lines come once per service, and with 10,000 services they come all at once: every
 * service's first published hold (warming, then capacity unknown) at start, or every service that
 * the take-over check could not read. Written on an event loop, 10,000 lines hold it for seconds
 * (Vert.x's blocked-thread warnings in the decision-latency benchmark), and say nothing the first
 * few and a count do not. Plain code, its clock passed in; not thread-safe (one verticle's context).
 */
public final class LogBudget {

    private final int perInterval;
    private final long intervalMillis;
    private long intervalStart = Long.MIN_VALUE;
    private int written;
    private long leftOut;

    public LogBudget(int perInterval, long intervalMillis) {
        if (perInterval < 1 || intervalMillis < 1) {
            throw new IllegalArgumentException("perInterval and intervalMillis must be >= 1, but were " + perInterval
                    + " and " + intervalMillis);
        }
        this.perInterval = perInterval;
        this.intervalMillis = intervalMillis;
    }

    /** Whether a line may be written at {@code nowMillis}; if not, it is counted as left out. */
    public boolean tryWrite(long nowMillis) {
        if (intervalStart == Long.MIN_VALUE || nowMillis >= intervalStart + intervalMillis || nowMillis < intervalStart) {
            intervalStart = nowMillis;
            written = 0;
        }
        if (written < perInterval) {
            written++;
            return true;
        }
        leftOut++;
        return false;
    }

    /** The lines left out since the last call (0 if none), to be said in one line. */
    public long drainLeftOut() {
        long n = leftOut;
        leftOut = 0;
        return n;
    }

    /** For the line that says what was left out: "at most 50 a line per 10 s". */
    public String describe() {
        return "at most " + perInterval + " per " + (intervalMillis % 1000 == 0 ? intervalMillis / 1000 + " s"
                : intervalMillis + " ms");
    }
}
