package io.microscaler.replay.baseline;

import io.microscaler.replay.model.Autoscaler;
import io.microscaler.replay.model.SecondSample;
import io.microscaler.replay.model.TaskCounts;
import java.util.ArrayList;
import java.util.List;

/**
 * The Kubernetes HorizontalPodAutoscaler (autoscaling/v2) with its default behaviour, on a
 * requests-per-second Pods metric served through Prometheus, emulated from its documentation
 * (https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/) and the controller's
 * normalisation ({@code pkg/controller/podautoscaler/horizontal.go}).
 *
 * <h2>The metric, as a scraping pipeline sees it</h2>
 * Prometheus scrapes each pod's request counter every {@link #SCRAPE_INTERVAL_SECONDS} (a common
 * {@code scrape_interval}); the adapter serves the rate between the last two scrapes. So at a sync
 * the metric is the average rate over a 30 s window that ended 0–30 s ago. Responses are counted,
 * 503s of a full queue too, as an {@code http_requests_total} counter would.
 *
 * <h2>Each sync ({@link #SYNC_PERIOD_SECONDS}, the controller's default
 * {@code --horizontal-pod-autoscaler-sync-period})</h2>
 * <ol>
 *   <li>"desiredReplicas = ceil[currentReplicas × (currentMetricValue / desiredMetricValue)]", the
 *   metric averaged over the ready pods; no change while the ratio is within
 *   {@link #TOLERANCE} ("within a globally-configurable tolerance, 0.1 by default").</li>
 *   <li>Not-yet-ready pods: "if any not-yet-ready pods were present, and the workload would have
 *   scaled up …, the controller conservatively assumes that the not-yet-ready pods are consuming 0%
 *   of the desired metric"; if the ratio then is within tolerance or reverses, no change.</li>
 *   <li>Stabilisation: "scaleDown … with a 300 second stabilization window (i.e., the highest
 *   recommendation for the last 300sec is used)"; scale-up has none.</li>
 *   <li>Rate limits, the documented defaults: scale-up at most the larger of +100 % and +4 pods per
 *   15 s ("allow doubling the number of pods, or an absolute change of 4 pods in a 15s window"),
 *   scale-down up to 100 % per 15 s ("allow all pods to be removed in a 15s window"), counted from
 *   the replicas at the start of the period.</li>
 *   <li>Then [minReplicas, maxReplicas].</li>
 * </ol>
 */
public final class HpaV2 implements Autoscaler {

    public static final String NAME = "hpa";

    static final int SYNC_PERIOD_SECONDS = 15;
    static final double TOLERANCE = 0.1;
    static final int SCRAPE_INTERVAL_SECONDS = 30;
    static final int SCALE_UP_STABILISATION_SECONDS = 0;
    static final int SCALE_DOWN_STABILISATION_SECONDS = 300;
    static final int SCALE_UP_PERCENT = 100;
    static final int SCALE_UP_PODS = 4;
    static final int SCALE_UP_PERIOD_SECONDS = 15;
    static final int SCALE_DOWN_PERCENT = 100;
    static final int SCALE_DOWN_PERIOD_SECONDS = 15;

    private final double targetPerPod;
    private final int minReplicas;
    private final int maxReplicas;

    private long counter;          // responses so far, as the pods' counters sum
    private long lastScrapeAt = Long.MIN_VALUE;
    private long lastScrape;
    private long previousScrape;
    private boolean twoScrapes;
    private final List<long[]> recommendations = new ArrayList<>(); // {time, replicas}
    private final List<long[]> scaleEvents = new ArrayList<>();     // {time, change}

    /** @param targetPerPod requests/s per pod, e.g. 70 */
    public HpaV2(double targetPerPod, int minReplicas, int maxReplicas) {
        if (!(targetPerPod > 0)) {
            throw new IllegalArgumentException("targetPerPod must be > 0, but was " + targetPerPod);
        }
        this.targetPerPod = targetPerPod;
        this.minReplicas = minReplicas;
        this.maxReplicas = maxReplicas;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void onSecond(SecondSample sample) {
        counter += sample.completed() + sample.dropped();
        long endOfSecond = sample.second() + 1;
        if (endOfSecond % SCRAPE_INTERVAL_SECONDS == 0) {
            twoScrapes = lastScrapeAt != Long.MIN_VALUE;
            previousScrape = lastScrape;
            lastScrape = counter;
            lastScrapeAt = endOfSecond;
        }
    }

    /** The rate Prometheus would serve now: over the last scrape interval; NaN before two scrapes. */
    double metricRate() {
        return twoScrapes ? (lastScrape - previousScrape) / (double) SCRAPE_INTERVAL_SECONDS : Double.NaN;
    }

    @Override
    public int desired(long second, TaskCounts counts) {
        int current = counts.desired();
        if (second % SYNC_PERIOD_SECONDS != 0) {
            return current;
        }
        double rate = metricRate();
        if (Double.isNaN(rate) || counts.running() == 0) {
            return current; // no metrics: the HPA does not act
        }
        int recommendation = replicasForMetric(rate, current, counts.running(), counts.pending());
        int stabilised = stabilise(second, current, recommendation);
        int limited = limitRate(second, current, stabilised);
        int next = Math.max(minReplicas, Math.min(maxReplicas, limited));
        if (next != current) {
            scaleEvents.add(new long[] {second, next - current});
        }
        return next;
    }

    /** Steps 1–2: the metric's recommendation, with tolerance and not-yet-ready pods. */
    int replicasForMetric(double rate, int current, int ready, int notReady) {
        double usageRatio = rate / ready / targetPerPod;
        if (Math.abs(usageRatio - 1) <= TOLERANCE) {
            return current;
        }
        if (usageRatio > 1 && notReady > 0) {
            double conservative = rate / (ready + notReady) / targetPerPod;
            if (conservative <= 1 + TOLERANCE) {
                return current; // within tolerance, or the direction reversed: no change
            }
            return (int) Math.ceil(conservative * (ready + notReady) - 1e-9);
        }
        return (int) Math.ceil(usageRatio * ready - 1e-9);
    }

    /** Step 3: up to the lowest recommendation in the up window, down to the highest in the down window. */
    int stabilise(long now, int current, int recommendation) {
        int up = recommendation;
        int down = recommendation;
        for (long[] r : recommendations) {
            if (r[0] > now - SCALE_UP_STABILISATION_SECONDS) {
                up = (int) Math.min(up, r[1]);
            }
            if (r[0] > now - SCALE_DOWN_STABILISATION_SECONDS) {
                down = (int) Math.max(down, r[1]);
            }
        }
        recommendations.removeIf(r -> r[0] <= now - SCALE_DOWN_STABILISATION_SECONDS);
        recommendations.add(new long[] {now, recommendation});
        int result = current;
        if (result < up) {
            result = up;
        }
        if (result > down) {
            result = down;
        }
        return result;
    }

    /** Step 4: the default scale-up and scale-down policies, counted from the period's start. */
    int limitRate(long now, int current, int desired) {
        scaleEvents.removeIf(e -> e[0] <= now - Math.max(SCALE_UP_PERIOD_SECONDS, SCALE_DOWN_PERIOD_SECONDS));
        if (desired > current) {
            long added = changeWithin(now, SCALE_UP_PERIOD_SECONDS, true);
            long deleted = changeWithin(now, SCALE_UP_PERIOD_SECONDS, false);
            long periodStart = current - added + deleted;
            long byPods = periodStart + SCALE_UP_PODS;
            long byPercent = (long) Math.ceil(periodStart * (1 + SCALE_UP_PERCENT / 100.0));
            long limit = Math.max(current, Math.max(byPods, byPercent)); // selectPolicy Max
            return (int) Math.min(desired, limit);
        }
        if (desired < current) {
            long added = changeWithin(now, SCALE_DOWN_PERIOD_SECONDS, true);
            long deleted = changeWithin(now, SCALE_DOWN_PERIOD_SECONDS, false);
            long periodStart = current + deleted - added;
            long limit = Math.min(current, (long) (periodStart * (1 - SCALE_DOWN_PERCENT / 100.0)));
            return (int) Math.max(desired, limit);
        }
        return desired;
    }

    private long changeWithin(long now, int periodSeconds, boolean additions) {
        long sum = 0;
        for (long[] e : scaleEvents) {
            if (e[0] > now - periodSeconds && (additions ? e[1] > 0 : e[1] < 0)) {
                sum += Math.abs(e[1]);
            }
        }
        return sum;
    }
}
