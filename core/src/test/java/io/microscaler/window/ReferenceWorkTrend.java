package io.microscaler.window;

import java.util.Arrays;

/**
 * {@code WorkTrend} as it was before issue 20 (a whole sort for the baseline), the reference for
 * {@link BucketRingEquivalenceTest}. Not used by the product.
 *
 * Gathers, second by second as a span is read, what {@link WorkStats} derives from the seconds
 * themselves: per-second mean latencies (for the baseline), the newest and oldest reported
 * backlog, and the least-squares slope of requests in the system per second. One per read.
 */
final class ReferenceWorkTrend {

    private final double[] meanLatencies;
    private int seconds;
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

    ReferenceWorkTrend(int maxSeconds) {
        this.meanLatencies = new double[maxSeconds];
    }

    /** One recorded second, in increasing order; {@code backlog} is NaN where no server reported one. */
    void second(long second, long requests, long latencyMsSum, double backlog) {
        if (requests > 0 && seconds < meanLatencies.length) {
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
        double[] sorted = Arrays.copyOf(meanLatencies, seconds);
        Arrays.sort(sorted);
        return sorted[(int) Math.floor(quantile * (seconds - 1))];
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
