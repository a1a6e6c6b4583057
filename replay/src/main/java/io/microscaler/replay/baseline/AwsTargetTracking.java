package io.microscaler.replay.baseline;

import io.microscaler.replay.model.Autoscaler;
import io.microscaler.replay.model.SecondSample;
import io.microscaler.replay.model.TaskCounts;
import java.util.ArrayList;
import java.util.List;

/**
 * AWS Application Auto Scaling target tracking on {@code ALBRequestCountPerTarget} for an ECS
 * service, emulated from its documentation with its defaults.
 *
 * <h2>The metric, as CloudWatch publishes it</h2>
 * One datapoint per minute: the requests the load balancer received in that minute (dropped ones
 * too: the ALB counts every request it forwards) divided by the targets serving (the running
 * tasks, averaged over the minute). "Target value … such as … 1000 requests per target per
 * minute" (https://docs.aws.amazon.com/autoscaling/application/userguide/target-tracking-scaling-policy-overview.html).
 * A minute without requests has no datapoint: the ALB publishes {@code RequestCount} only when
 * there are requests, and "if the metric is missing data points, this causes the CloudWatch alarm
 * state to change to INSUFFICIENT_DATA … Application Auto Scaling cannot scale your scalable target
 * until new data points are found"
 * (https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking.html).
 * A datapoint becomes visible {@link #PUBLICATION_DELAY_SECONDS} after its minute ends: load
 * balancer metrics reach CloudWatch about a minute late, and alarms evaluate once a minute.
 *
 * <h2>The alarms Application Auto Scaling creates</h2>
 * Scale out when the high alarm is in ALARM: the last {@link #SCALE_OUT_DATAPOINTS} datapoints are
 * all above the target ("3 datapoints within 3 minutes", as the generated {@code AlarmHigh} reads
 * in the CloudWatch console). Scale in when the low alarm is: the last
 * {@link #SCALE_IN_DATAPOINTS} all below {@link #SCALE_IN_THRESHOLD} × target ("15 datapoints
 * within 15 minutes", {@code AlarmLow}, threshold 90 % of the target). New capacity =
 * ceil(capacity × metric / target), "proportional to the metric value as fast as it can" on the
 * way out, "more gradually" on the way in.
 *
 * <h2>Cooldowns (ECS services default to 300 s both ways)</h2>
 * "Application Auto Scaling provides a default value of 300 for … ECS services" for both
 * {@code ScaleOutCooldown} and {@code ScaleInCooldown}
 * (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_TargetTrackingScalingPolicyConfiguration.html).
 * Scale-out: "the scaling policy won't increase the desired capacity again unless either a larger
 * scale out is triggered or the cooldown period ends. While the cooldown period is in effect, the
 * capacity added by the initiating scale-out activity is calculated as part of the desired capacity
 * for the next scale-out activity": within the cooldown the new capacity is computed from the
 * capacity before the initiating scale-out, and applied only if larger than the current one.
 * Scale-in: "scale-in activities are blocked until the cooldown period has expired. However, if
 * another alarm triggers a scale-out activity during the scale-in cooldown period, Application Auto
 * Scaling scales out the target immediately. In this case, the scale-in cooldown period stops".
 *
 * <p>Application Auto Scaling then calls ECS {@code UpdateService}; the call itself is taken as
 * instant (seconds, against minutes of alarm delay).
 */
public final class AwsTargetTracking implements Autoscaler {

    public static final String NAME = "aws-target-tracking";

    static final int METRIC_PERIOD_SECONDS = 60;
    static final int PUBLICATION_DELAY_SECONDS = 60;
    static final int EVALUATION_INTERVAL_SECONDS = 60;
    static final int SCALE_OUT_DATAPOINTS = 3;
    static final int SCALE_IN_DATAPOINTS = 15;
    static final double SCALE_IN_THRESHOLD = 0.9;
    static final int SCALE_OUT_COOLDOWN_SECONDS = 300;
    static final int SCALE_IN_COOLDOWN_SECONDS = 300;

    private final double targetPerMinute;
    private final int minTasks;
    private final int maxTasks;
    private final List<Datapoint> datapoints = new ArrayList<>();

    private long minuteRequests;
    private long minuteTaskSeconds;
    private long scaleOutCooldownUntil = Long.MIN_VALUE;
    private int capacityBeforeScaleOut;
    private long scaleInCooldownUntil = Long.MIN_VALUE;

    /** One minute's datapoint; {@code value} NaN when the minute had no requests (missing). */
    record Datapoint(long minuteStart, double value, long visibleAt) {

        boolean missing() {
            return Double.isNaN(value);
        }
    }

    /**
     * @param targetPerMinute requests per target per minute, e.g. 70 req/s × 60 = 4,200
     */
    public AwsTargetTracking(double targetPerMinute, int minTasks, int maxTasks) {
        if (!(targetPerMinute > 0)) {
            throw new IllegalArgumentException("targetPerMinute must be > 0, but was " + targetPerMinute);
        }
        this.targetPerMinute = targetPerMinute;
        this.minTasks = minTasks;
        this.maxTasks = maxTasks;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void onSecond(SecondSample sample) {
        minuteRequests += sample.arrivals();
        minuteTaskSeconds += sample.running();
        long second = sample.second();
        if ((second + 1) % METRIC_PERIOD_SECONDS == 0) {
            long start = second + 1 - METRIC_PERIOD_SECONDS;
            double targets = minuteTaskSeconds / (double) METRIC_PERIOD_SECONDS;
            double value = minuteRequests == 0 || targets == 0 ? Double.NaN : minuteRequests / targets;
            datapoints.add(new Datapoint(start, value, second + 1 + PUBLICATION_DELAY_SECONDS));
            if (datapoints.size() > SCALE_IN_DATAPOINTS + 5) {
                datapoints.remove(0);
            }
            minuteRequests = 0;
            minuteTaskSeconds = 0;
        }
    }

    @Override
    public int desired(long second, TaskCounts counts) {
        int current = counts.desired();
        if (second % EVALUATION_INTERVAL_SECONDS != 0) {
            return current;
        }
        List<Datapoint> visible = datapoints.stream().filter(d -> d.visibleAt() <= second).toList();
        if (allAbove(visible, SCALE_OUT_DATAPOINTS, targetPerMinute)) {
            return scaleOut(second, current, latest(visible));
        }
        if (allBelow(visible, SCALE_IN_DATAPOINTS, SCALE_IN_THRESHOLD * targetPerMinute)
                && second >= scaleInCooldownUntil) {
            int next = Math.max(minTasks, proportional(current, latest(visible)));
            if (next < current) {
                scaleInCooldownUntil = second + SCALE_IN_COOLDOWN_SECONDS;
                return next;
            }
        }
        return current;
    }

    private int scaleOut(long second, int current, double metric) {
        boolean inCooldown = second < scaleOutCooldownUntil;
        int base = inCooldown ? capacityBeforeScaleOut : current;
        int next = Math.min(maxTasks, proportional(base, metric));
        if (next <= current) {
            return current;
        }
        if (!inCooldown) {
            capacityBeforeScaleOut = current;
            scaleOutCooldownUntil = second + SCALE_OUT_COOLDOWN_SECONDS;
        }
        scaleInCooldownUntil = Long.MIN_VALUE; // a scale-out stops the scale-in cooldown
        return next;
    }

    /** ceil(capacity × metric / target), with a guard against float noise (4,200 / 4,200 is 1, not 1.0000001). */
    private int proportional(int capacity, double metric) {
        return (int) Math.ceil(capacity * metric / targetPerMinute - 1e-9);
    }

    static boolean allAbove(List<Datapoint> visible, int n, double threshold) {
        if (visible.size() < n) {
            return false;
        }
        for (Datapoint d : visible.subList(visible.size() - n, visible.size())) {
            if (d.missing() || !(d.value() > threshold)) {
                return false;
            }
        }
        return true;
    }

    static boolean allBelow(List<Datapoint> visible, int n, double threshold) {
        if (visible.size() < n) {
            return false;
        }
        for (Datapoint d : visible.subList(visible.size() - n, visible.size())) {
            if (d.missing() || !(d.value() < threshold)) {
                return false;
            }
        }
        return true;
    }

    private static double latest(List<Datapoint> visible) {
        return visible.get(visible.size() - 1).value();
    }

    /** The datapoints published so far, oldest first (for tests). */
    List<Datapoint> datapoints() {
        return List.copyOf(datapoints);
    }
}
