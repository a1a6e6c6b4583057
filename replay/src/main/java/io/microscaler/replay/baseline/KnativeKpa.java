package io.microscaler.replay.baseline;

import io.microscaler.replay.model.Autoscaler;
import io.microscaler.replay.model.SecondSample;
import io.microscaler.replay.model.TaskCounts;

/**
 * The Knative Pod Autoscaler (KPA) with its defaults, on concurrency, emulated from its
 * documentation (https://knative.dev/docs/serving/autoscaling/kpa-specific/) and its decider,
 * {@code Scale} in {@code pkg/autoscaler/scaling/autoscaler.go} of knative/serving.
 *
 * <h2>Defaults ({@code config-autoscaler}, {@code pkg/autoscaler/config/config.go})</h2>
 * {@code stable-window} 60 s; {@code panic-window-percentage} 10 (a 6 s panic window);
 * {@code panic-threshold-percentage} 200; {@code container-concurrency-target-percentage} 70
 * (the target is 70 % of the container concurrency: with 4 slots per task, 2.8 in flight);
 * {@code max-scale-up-rate} 1000; {@code max-scale-down-rate} 2; a decision every 2 s (the
 * autoscaler's tick). Scale to zero is off here: the model's minimum applies, as
 * {@code min-scale} would.
 *
 * <h2>The metric</h2>
 * Each pod's queue-proxy reports the requests in flight in it (waiting or in service) averaged
 * over each second; the windows average those per-second totals over the last 60 s and 6 s.
 *
 * <h2>Each tick (the decider, line for line)</h2>
 * <pre>
 * ready        = max(1, ready pods)
 * maxScaleUp   = ceil(maxScaleUpRate × ready),  maxScaleDown = floor(ready / maxScaleDownRate)
 * dspc, dppc   = ceil(stable / target), ceil(panic / target), each kept within [maxScaleDown, maxScaleUp]
 * panic starts when dppc / ready ≥ 2, is extended while that holds, and ends once it has not held
 *              for a whole stable window
 * desired      = dspc; while panicking max(dspc, dppc), and never below the highest panic count so far
 * </pre>
 * then bounded by [min, max].
 */
public final class KnativeKpa implements Autoscaler {

    public static final String NAME = "knative";

    static final int TICK_SECONDS = 2;
    static final int STABLE_WINDOW_SECONDS = 60;
    static final double PANIC_WINDOW_PERCENTAGE = 10;
    static final int PANIC_WINDOW_SECONDS = (int) (STABLE_WINDOW_SECONDS * PANIC_WINDOW_PERCENTAGE / 100);
    static final double PANIC_THRESHOLD = 200 / 100.0;
    static final double MAX_SCALE_UP_RATE = 1000;
    static final double MAX_SCALE_DOWN_RATE = 2;

    private final double targetPerPod;
    private final int minScale;
    private final int maxScale;
    private final double[] concurrency = new double[STABLE_WINDOW_SECONDS]; // ring of per-second totals
    private long samples;
    private long panicTime = Long.MIN_VALUE;
    private int maxPanicPods;

    /** @param targetPerPod requests in flight per pod, e.g. 0.7 × 4 = 2.8 */
    public KnativeKpa(double targetPerPod, int minScale, int maxScale) {
        if (!(targetPerPod > 0)) {
            throw new IllegalArgumentException("targetPerPod must be > 0, but was " + targetPerPod);
        }
        this.targetPerPod = targetPerPod;
        this.minScale = minScale;
        this.maxScale = maxScale;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void onSecond(SecondSample sample) {
        concurrency[(int) (samples % STABLE_WINDOW_SECONDS)] = sample.meanInSystem();
        samples++;
    }

    @Override
    public int desired(long second, TaskCounts counts) {
        int current = counts.desired();
        if (second % TICK_SECONDS != 0 || samples == 0) {
            return current; // between ticks, or no data yet (Knative: ErrNoData, no scaling)
        }
        double ready = Math.max(1, counts.running());
        double maxScaleUp = Math.ceil(MAX_SCALE_UP_RATE * ready);
        double maxScaleDown = Math.floor(ready / MAX_SCALE_DOWN_RATE);
        double dspc = Math.ceil(average(STABLE_WINDOW_SECONDS) / targetPerPod);
        double dppc = Math.ceil(average(PANIC_WINDOW_SECONDS) / targetPerPod);
        int desiredStable = (int) Math.min(Math.max(dspc, maxScaleDown), maxScaleUp);
        int desiredPanic = (int) Math.min(Math.max(dppc, maxScaleDown), maxScaleUp);

        boolean overPanicThreshold = dppc / ready >= PANIC_THRESHOLD;
        if (overPanicThreshold) {
            panicTime = second; // start panicking, or extend the panic
        } else if (panicking() && panicTime + STABLE_WINDOW_SECONDS < second) {
            panicTime = Long.MIN_VALUE; // the surge has made its way into the stable window
            maxPanicPods = 0;
        }
        int desired = desiredStable;
        if (panicking()) {
            desired = Math.max(desired, desiredPanic);
            maxPanicPods = Math.max(maxPanicPods, desired); // no scale-down while panicking
            desired = maxPanicPods;
        }
        return Math.max(minScale, Math.min(maxScale, desired));
    }

    boolean panicking() {
        return panicTime != Long.MIN_VALUE;
    }

    /** The mean of the last {@code window} per-second totals (fewer at the start, as Knative's windows). */
    double average(int window) {
        int n = (int) Math.min(window, samples);
        double sum = 0;
        for (int i = 1; i <= n; i++) {
            sum += concurrency[(int) ((samples - i) % STABLE_WINDOW_SECONDS)];
        }
        return sum / n;
    }
}
