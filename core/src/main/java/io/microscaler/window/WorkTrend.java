package io.microscaler.window;

/**
 * Gathers, second by second as a span is read, what {@link WorkStats} derives from the seconds
 * themselves: per-second mean latencies (for the baseline), the newest and oldest reported
 * backlog, and the least-squares slope of requests in the system per second. One per read.
 */
final class WorkTrend {

    private double[] meanLatencies;
    private double[] least = new double[8];
    private int seconds;
    private int limit = Integer.MAX_VALUE; // at most this many mean latencies: the reading's seconds
    // least squares over (second, requests in the system that second), x taken from the first second
    private long firstSecond = Long.MIN_VALUE;
    private int points;
    private double sumX;
    private double sumY;
    private double sumXY;
    private double sumXX;
    private long oldestBacklogSecond = Long.MIN_VALUE;
    private double oldestBacklog;
    private long newestBacklogSecond = Long.MIN_VALUE;
    private double newestBacklog;

    WorkTrend(int maxSeconds) {
        this.meanLatencies = new double[maxSeconds];
    }

    /**
     * Empty again, for a reading of up to {@code maxSeconds}: one per thread is reused for every
     * reading (its arrays were allocated twice per service per tick).
     */
    WorkTrend reset(int maxSeconds) {
        if (meanLatencies.length < maxSeconds) {
            meanLatencies = new double[maxSeconds];
        }
        limit = maxSeconds;
        seconds = 0;
        firstSecond = Long.MIN_VALUE;
        points = 0;
        sumX = 0;
        sumY = 0;
        sumXY = 0;
        sumXX = 0;
        oldestBacklogSecond = Long.MIN_VALUE;
        oldestBacklog = 0;
        newestBacklogSecond = Long.MIN_VALUE;
        newestBacklog = 0;
        return this;
    }

    /** One recorded second, in increasing order; {@code backlog} is NaN where no server reported one. */
    void second(long second, long requests, long latencyMsSum, double backlog) {
        if (requests > 0 && seconds < meanLatencies.length && seconds < limit) {
            meanLatencies[seconds++] = (double) latencyMsSum / requests;
        }
        if (firstSecond == Long.MIN_VALUE) {
            firstSecond = second;
        }
        double x = second - firstSecond;
        double y = latencyMsSum / 1000.0; // requests in the system, on average, in that second
        points++;
        sumX += x;
        sumY += y;
        sumXY += x * y;
        sumXX += x * x;
        if (!Double.isNaN(backlog)) {
            if (oldestBacklogSecond == Long.MIN_VALUE) {
                oldestBacklogSecond = second;
                oldestBacklog = backlog;
            }
            newestBacklogSecond = second;
            newestBacklog = backlog;
        }
    }

    double baselineLatencyMs(double quantile) {
        if (seconds == 0) {
            return Double.NaN;
        }
        return smallest((int) Math.floor(quantile * (seconds - 1)));
    }

    /**
     * The {@code k}-th smallest mean latency (from 0), as a sort of them would have it at {@code k}
     * (the same order: {@link Double#compare}), without sorting them all: the {@code k + 1} smallest
     * are kept in order as the seconds go by. For the baseline's 10th percentile of 60 seconds that
     * is 6 of them; a sort of all 60 was a tenth of a tick's time.
     */
    private double smallest(int k) {
        if (least.length < k + 1) {
            least = new double[k + 1];
        }
        int size = k + 1;
        int held = 0;
        // plain comparisons order these values as Double.compare does: a mean latency is a sum of
        // latencies (>= 0) over a positive count, never NaN nor -0.0 (Double.compare was 5 % of a tick)
        for (int i = 0; i < seconds; i++) {
            double v = meanLatencies[i];
            if (held == size && v >= least[held - 1]) {
                continue;
            }
            int at = held == size ? held - 1 : held++;
            while (at > 0 && least[at - 1] > v) {
                least[at] = least[at - 1];
                at--;
            }
            least[at] = v;
        }
        return least[k];
    }

    double backlog() {
        return newestBacklogSecond == Long.MIN_VALUE ? Double.NaN : newestBacklog;
    }

    double backlogGrowthPerSecond() {
        if (newestBacklogSecond != Long.MIN_VALUE && newestBacklogSecond > oldestBacklogSecond) {
            return (newestBacklog - oldestBacklog) / (newestBacklogSecond - oldestBacklogSecond);
        }
        double denominator = points * sumXX - sumX * sumX;
        if (points < 2 || denominator == 0) {
            return Double.NaN;
        }
        return (points * sumXY - sumX * sumY) / denominator;
    }
}
