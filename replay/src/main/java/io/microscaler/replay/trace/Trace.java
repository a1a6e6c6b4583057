package io.microscaler.replay.trace;

/**
 * A request trace as whole requests arriving in each second, already scaled: what the replay feeds
 * to the service model. Immutable; {@link #requestsAt} is the only way to read it.
 */
public final class Trace {

    private final String name;
    private final int[] requests;
    private final boolean perMinute;
    private final double scale;
    private final long total;
    private final int peak;

    /**
     * @param name      for messages and output folders, e.g. {@code nasa-http-1995-07-10-week}
     * @param requests  requests per second, index = second offset; copied
     * @param perMinute whether the file had one row per minute (spread over the minute)
     * @param scale     the factor the file's counts were multiplied by
     */
    public Trace(String name, int[] requests, boolean perMinute, double scale) {
        if (requests.length == 0) {
            throw new IllegalArgumentException("a trace needs at least one second");
        }
        this.name = name;
        this.requests = requests.clone();
        this.perMinute = perMinute;
        this.scale = scale;
        long sum = 0;
        int max = 0;
        for (int r : this.requests) {
            if (r < 0) {
                throw new IllegalArgumentException("requests per second must be >= 0, but one was " + r);
            }
            sum += r;
            max = Math.max(max, r);
        }
        this.total = sum;
        this.peak = max;
    }

    public String name() {
        return name;
    }

    /** Seconds in the trace. */
    public int length() {
        return requests.length;
    }

    public int requestsAt(int second) {
        return requests[second];
    }

    /** A copy of the requests per second. */
    public int[] requests() {
        return requests.clone();
    }

    public boolean perMinute() {
        return perMinute;
    }

    public double scale() {
        return scale;
    }

    public long total() {
        return total;
    }

    public int peak() {
        return peak;
    }

    public double mean() {
        return (double) total / requests.length;
    }

    /** "nasa…: 604800 s, 11,470,163 requests, mean 18.97/s, peak 400/s (scale 20)". */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%s: %d s%s, %,d requests, mean %.2f/s, peak %d/s (scale %s)",
                name, requests.length, perMinute ? " (per-minute rows spread over their minute)" : "", total, mean(),
                peak, scale == Math.rint(scale) ? String.valueOf((long) scale) : String.valueOf(scale));
    }
}
