package io.microscaler.bench;

import io.microscaler.window.ServiceWindow;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Traffic for many services in simulated time, fed straight into their windows. Each service has a
 * base rate, log-uniform from 0.5 to 500 requests/s (most services are small, a few are busy); it
 * swings ±50 % on a sine of its own period (1–10 min) and phase, and now and then (once in 10 min
 * on average) a service bursts to 4× for 10 s, so that some scale every second. Services up to
 * 50 requests/s send one event per request; busier ones a per-second summary, as servers that
 * summarise because they are busy would.
 */
final class SyntheticLoad {

    private static final double SUMMARY_ABOVE = 50;

    private final double[] baseRate;
    private final double[] period;
    private final double[] phase;
    private final long[] burstUntil;
    private final SplittableRandom random;
    private long requestEvents;
    private long summaryEvents;

    SyntheticLoad(int services, long seed) {
        random = new SplittableRandom(seed);
        baseRate = new double[services];
        period = new double[services];
        phase = new double[services];
        burstUntil = new long[services];
        for (int i = 0; i < services; i++) {
            baseRate[i] = 0.5 * Math.pow(1000, random.nextDouble());
            period[i] = 60 + 540 * random.nextDouble();
            phase[i] = 2 * Math.PI * random.nextDouble();
        }
    }

    double baseRate(int service) {
        return baseRate[service];
    }

    long requestEvents() {
        return requestEvents;
    }

    long summaryEvents() {
        return summaryEvents;
    }

    /** Feeds one simulated second {@code second} (epoch seconds) of service {@code i} into its window. */
    void feedSecond(int i, ServiceWindow window, long second, Instant now) {
        if (burstUntil[i] <= second && random.nextDouble() < 1.0 / 600) {
            burstUntil[i] = second + 10;
        }
        double rate = baseRate[i] * (1 + 0.5 * Math.sin(2 * Math.PI * second / period[i] + phase[i]))
                * (second < burstUntil[i] ? 4 : 1);
        long count = (long) rate + (random.nextDouble() < rate - Math.floor(rate) ? 1 : 0);
        long start = second * 1000;
        if (rate > SUMMARY_ABOVE) {
            long latencySum = count * (40 + random.nextInt(40));
            window.recordSummary(start + 1000, 1000, count, count / 100, latencySum, 400, 0, now);
            summaryEvents++;
            return;
        }
        for (long k = 0; k < count; k++) {
            long latency = 20 + random.nextInt(100);
            int status = random.nextInt(200) == 0 ? 503 : 200;
            window.recordRequest(start + k * 1000 / count, latency, status, 30_000, now);
        }
        requestEvents += count;
    }
}
