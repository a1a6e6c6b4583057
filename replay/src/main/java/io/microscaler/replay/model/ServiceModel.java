package io.microscaler.replay.model;

/**
 * The modelled service: what one task can do, how long a new one takes to start, and the bounds on
 * the task count. Every policy in a replay scales the same model.
 *
 * <h2>Defaults, and why</h2>
 * They are the demo's image server ({@code ImageServerSettings.defaults}), not fitted to any
 * trace: 4 render workers per task ({@code concurrency}), tiles taking 40 ms ± 25 % (uniform), at
 * most 100 requests waiting per task; tasks start in 20 s, as an EC2-backed ECS task whose image is
 * cached does (60 s for Fargate, which pulls the image for every task); 1 to 20 tasks, the
 * project's {@code minTasks}/{@code maxTasks} defaults.
 *
 * <h2>The one rule that sets every policy's target</h2>
 * A task serves {@code concurrency / serviceTime} = 4 / 0.040 s = 100 requests/s flat out. Every
 * policy is asked to keep tasks at {@code targetUtilisation} (70 %, Knative's documented
 * {@code container-concurrency-target-percentage} default) of that: 2.8 requests in flight per task
 * for the concurrency-based policies, 70 requests/s for the rate-based ones, 4,200 requests per
 * target per minute for AWS's {@code ALBRequestCountPerTarget}. No policy gets a target of its own.
 *
 * @param concurrency        requests one task serves at once
 * @param serviceTimeMs      mean service time of one request
 * @param jitter             each service time is mean × (1 + jitter × u), u uniform in [−1, 1]
 * @param queuePerTask       requests that may wait, per running task, before more are dropped
 * @param startDelaySeconds  from the desired count going up to the new task serving
 * @param minTasks           never fewer tasks
 * @param maxTasks           never more tasks
 * @param targetUtilisation  the share of a task's capacity every policy aims to use
 */
public record ServiceModel(int concurrency, double serviceTimeMs, double jitter, int queuePerTask,
                           int startDelaySeconds, int minTasks, int maxTasks, double targetUtilisation) {

    public static final int EC2_START_SECONDS = 20;
    public static final int FARGATE_START_SECONDS = 60;

    public static final ServiceModel DEFAULTS = new ServiceModel(4, 40, 0.25, 100, EC2_START_SECONDS, 1, 20, 0.7);

    public ServiceModel {
        if (concurrency < 1) {
            throw new IllegalArgumentException("--task-concurrency must be >= 1, but was " + concurrency);
        }
        if (!(serviceTimeMs > 0) || Double.isInfinite(serviceTimeMs)) {
            throw new IllegalArgumentException("--service-time-ms must be > 0, but was " + serviceTimeMs);
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("--service-time-jitter must be in [0, 1), but was " + jitter);
        }
        if (queuePerTask < 0) {
            throw new IllegalArgumentException("--queue-per-task must be >= 0, but was " + queuePerTask);
        }
        if (startDelaySeconds < 0) {
            throw new IllegalArgumentException("--start-delay must be >= 0 seconds, but was " + startDelaySeconds);
        }
        if (minTasks < 1) {
            throw new IllegalArgumentException("--min must be >= 1 (scale to zero is not modelled), but was " + minTasks);
        }
        if (maxTasks < minTasks) {
            throw new IllegalArgumentException("--max must be >= --min (" + minTasks + "), but was " + maxTasks);
        }
        if (!(targetUtilisation > 0 && targetUtilisation <= 1)) {
            throw new IllegalArgumentException("--target-utilisation must be in (0, 1], but was " + targetUtilisation);
        }
    }

    /** Requests per second one task serves flat out: 4 / 0.040 s = 100. */
    public double throughputPerTask() {
        return concurrency * 1000.0 / serviceTimeMs;
    }

    /** Requests in flight per task at the target: 0.7 × 4 = 2.8. */
    public double targetConcurrencyPerTask() {
        return concurrency * targetUtilisation;
    }

    /** Requests per second per task at the target: 0.7 × 100 = 70. */
    public double targetRatePerTask() {
        return throughputPerTask() * targetUtilisation;
    }

    /** Tasks the shared rule asks for at this load: ceil(requests/s ÷ target rate), at least min. */
    public int tasksNeeded(double requestsPerSecond) {
        int needed = (int) Math.ceil(requestsPerSecond / targetRatePerTask() - 1e-9);
        return Math.max(minTasks, needed);
    }

    public ServiceModel withStartDelay(int seconds) {
        return new ServiceModel(concurrency, serviceTimeMs, jitter, queuePerTask, seconds, minTasks, maxTasks,
                targetUtilisation);
    }

    public ServiceModel withBounds(int min, int max) {
        return new ServiceModel(concurrency, serviceTimeMs, jitter, queuePerTask, startDelaySeconds, min, max,
                targetUtilisation);
    }

    public ServiceModel withService(int newConcurrency, double newServiceTimeMs, double newJitter, int newQueuePerTask) {
        return new ServiceModel(newConcurrency, newServiceTimeMs, newJitter, newQueuePerTask, startDelaySeconds, minTasks,
                maxTasks, targetUtilisation);
    }

    public ServiceModel withTargetUtilisation(double utilisation) {
        return new ServiceModel(concurrency, serviceTimeMs, jitter, queuePerTask, startDelaySeconds, minTasks, maxTasks,
                utilisation);
    }
}
