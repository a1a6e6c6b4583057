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
 * A minute without requests is a datapoint of 0, not a missing one: "When a metric emits real 0
 * values to CloudWatch (for example, {@code ALBRequestCountPerTarget}), Application Auto Scaling can
 * scale in to 0 when there is no traffic to your application"
 * (https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking.html,
 * "Choose metrics"). A datapoint is missing only when no target served all minute, where the
 * per-target figure has no value.
 *
 * <h2>Missing datapoints</h2>
 * The alarms' {@code TreatMissingData} is not documented for target tracking; CloudWatch's default
 * is {@code missing}, which matches what target tracking documents: "If the metric is missing data
 * points, this causes the CloudWatch alarm state to change to INSUFFICIENT_DATA … Application Auto
 * Scaling cannot scale your scalable target until new data points are found" (same page,
 * Considerations). CloudWatch then "evaluates the alarm state based on the most recent real data
 * points that were successfully retrieved, including the necessary extra data points from farther
 * back in the evaluation range" (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html,
 * "How alarm state is evaluated when data is missing"): its example retrieves 5 datapoints for an
 * alarm of 3, so the evaluation range here is the alarm's datapoints + {@link #EXTRA_RANGE}, and
 * with fewer real datapoints than the alarm needs in it, no alarm fires (INSUFFICIENT_DATA).
 * A datapoint becomes visible {@link #PUBLICATION_DELAY_SECONDS} after its minute ends: load
 * balancer metrics reach CloudWatch about a minute late, and alarms evaluate once a minute.
 *
 * <h2>The alarms Application Auto Scaling creates</h2>
 * Scale out when the high alarm is in ALARM: the last {@link #SCALE_OUT_DATAPOINTS} datapoints are
 * all above the target. Scale in when the low alarm is: the last {@link #SCALE_IN_DATAPOINTS} all
 * below {@link #SCALE_IN_THRESHOLD} × target. AWS does not document these counts; they are what the
 * generated alarms of ECS services show ("&gt; 50 for 3 datapoints within 3 minutes", "&lt; 45 for 15
 * datapoints within 15 minutes", threshold 90 % of the target), as users report them
 * (github.com/aws/copilot-cli/issues/4233). AWS says scale-in waits for a metric "far enough below
 * the target value (usually more than 10% lower)". New capacity =
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
    /** How many datapoints beyond the alarm's own the evaluation range reaches back for real ones. */
    static final int EXTRA_RANGE = 2;

    private final double targetPerMinute;
    private final int minTasks;
    private final int maxTasks;
    private final List<Datapoint> datapoints = new ArrayList<>();

    private long minuteRequests;
    private long minuteTaskSeconds;
    private long scaleOutCooldownUntil = Long.MIN_VALUE;
    private int capacityBeforeScaleOut;
    private long scaleInCooldownUntil = Long.MIN_VALUE;

    /** One minute's datapoint; {@code value} NaN when no target served all minute (missing). */
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
            double value = minuteRequests == 0 ? 0 : targets == 0 ? Double.NaN : minuteRequests / targets;
            datapoints.add(new Datapoint(start, value, second + 1 + PUBLICATION_DELAY_SECONDS));
            if (datapoints.size() > SCALE_IN_DATAPOINTS + EXTRA_RANGE + 5) {
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
        List<Datapoint> real = mostRecentReal(visible, n);
        return real != null && real.stream().allMatch(d -> d.value() > threshold);
    }

    static boolean allBelow(List<Datapoint> visible, int n, double threshold) {
        List<Datapoint> real = mostRecentReal(visible, n);
        return real != null && real.stream().allMatch(d -> d.value() < threshold);
    }

    /**
     * The {@code n} most recent real datapoints within the evaluation range (the last n +
     * {@link #EXTRA_RANGE}), or null when it holds fewer: the alarm has insufficient data.
     */
    static List<Datapoint> mostRecentReal(List<Datapoint> visible, int n) {
        List<Datapoint> range = visible.subList(Math.max(0, visible.size() - n - EXTRA_RANGE), visible.size());
        List<Datapoint> real = range.stream().filter(d -> !d.missing()).toList();
        return real.size() < n ? null : real.subList(real.size() - n, real.size());
    }

    /** The newest real datapoint's value (the alarms fired, so there is one). */
    private static double latest(List<Datapoint> visible) {
        List<Datapoint> real = mostRecentReal(visible, 1);
        return real.get(0).value();
    }

    /** The datapoints published so far, oldest first (for tests). */
    List<Datapoint> datapoints() {
        return List.copyOf(datapoints);
    }
}
