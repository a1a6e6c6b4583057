package io.microscaler.localcloud.autoscaling;

import io.microscaler.localcloud.AutoScalingGroupSpec;
import io.microscaler.localcloud.AwsError;
import io.microscaler.localcloud.ClusterEventSink;
import io.microscaler.localcloud.ClusterMembership;
import io.microscaler.localcloud.LocalCloudSettings;
import io.microscaler.localcloud.query.QueryForm;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * The Auto Scaling groups and what time does to their instances. A group keeps its live (pending
 * and in-service) instances at its desired capacity: a launched instance is Pending for
 * {@code instanceBootDelay}, then InService and joins its ECS cluster; a terminated one leaves the
 * cluster at once, is Terminating for {@code taskStopTimeout} (its containers stopping), then is
 * gone. A spot interruption warning goes out as an EventBridge event; the instance is terminated
 * {@code spotInterruptionNotice} later and replaced. Runs on the local cloud's context.
 */
final class AutoScalingGroups {

    private final Vertx vertx;
    private final LocalCloudSettings settings;
    private final ClusterMembership membership;
    private final ClusterEventSink events;
    private final Clock clock;
    private final Random random;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private long launches;

    AutoScalingGroups(Vertx vertx, LocalCloudSettings settings, ClusterMembership membership,
                      ClusterEventSink events, Clock clock) {
        this.vertx = vertx;
        this.settings = settings;
        this.membership = membership;
        this.events = events;
        this.clock = clock;
        this.random = new Random(settings.seed());
    }

    void add(AutoScalingGroupSpec spec) {
        if (groups.containsKey(spec.name())) {
            throw AwsError.client("AlreadyExists", "AutoScalingGroup by this name already exists - "
                    + "A group with the name " + spec.name() + " already exists");
        }
        if (spec.minSize() < 0 || spec.minSize() > spec.maxSize()
                || spec.desiredCapacity() < spec.minSize() || spec.desiredCapacity() > spec.maxSize()) {
            throw QueryForm.validation("Desired capacity:" + spec.desiredCapacity() + " must be between the specified "
                    + "min size:" + spec.minSize() + " and max size:" + spec.maxSize());
        }
        String region = settings.region();
        String arn = "arn:aws:autoscaling:" + region + ":" + settings.accountId() + ":autoScalingGroup:"
                + new UUID(random.nextLong(), random.nextLong()) + ":autoScalingGroupName/" + spec.name();
        Group group = new Group(spec, arn, now(), List.of(region + "a", region + "b", region + "c"));
        groups.put(spec.name(), group);
        reconcile(group);
    }

    List<Group> all() {
        return List.copyOf(groups.values());
    }

    Optional<Group> find(String name) {
        return Optional.ofNullable(groups.get(name));
    }

    /** SetDesiredCapacity: within min and max, else the ValidationError AWS gives. */
    void setDesired(String name, int desired) {
        Group group = find(name).orElseThrow(() -> QueryForm.validation(
                "AutoScalingGroup name not found - AutoScalingGroup " + name + " not found"));
        if (desired > group.spec.maxSize()) {
            throw QueryForm.validation("New SetDesiredCapacity value " + desired + " is above max value "
                    + group.spec.maxSize() + " for the AutoScalingGroup.");
        }
        if (desired < group.spec.minSize()) {
            throw QueryForm.validation("New SetDesiredCapacity value " + desired + " is below min value "
                    + group.spec.minSize() + " for the AutoScalingGroup.");
        }
        group.desired = desired;
        reconcile(group);
    }

    /**
     * TerminateInstanceInAutoScalingGroup. With {@code decrement} the group shrinks by one (not
     * below its minimum); without, a replacement launches. An instance already terminating is
     * left as it is (the call succeeds again, so a retried call is harmless).
     */
    Activity terminate(String instanceId, boolean decrement) {
        Group group = groupOf(instanceId).orElseThrow(() -> QueryForm.validation(
                "Instance Id not found - No managed instance found for instance ID: " + instanceId));
        GroupInstance instance = group.instances.get(instanceId);
        int before = group.desired;
        boolean wasLive = instance.live();
        if (wasLive) {
            if (decrement && group.desired <= group.spec.minSize()) {
                throw QueryForm.validation("Currently, desiredSize equals minSize (" + group.spec.minSize()
                        + "). Terminating instance without replacement will violate group's min size constraint. "
                        + "Either set shouldDecrementDesiredCapacity flag to false or lower group's min size.");
            }
            if (decrement) {
                group.desired--;
            }
            terminate(group, instance);
            reconcile(group);
        }
        Instant now = now();
        String cause = "At " + now + " instance " + instanceId + (!wasLive ? " was already terminating."
                : " was taken out of service in response to a user request"
                + (decrement ? ", shrinking the capacity from " + before + " to " + group.desired + "." : "."));
        return new Activity(UUID.randomUUID().toString(), group.name(), group.arn,
                "Terminating EC2 instance: " + instanceId, cause, now, "InProgress", 0);
    }

    /**
     * Sends the EventBridge "EC2 Spot Instance Interruption Warning" for the instance and
     * terminates it after the notice; the group then replaces it. A second warning is not sent.
     *
     * @throws AwsError {@code InvalidInstanceID.NotFound} for an instance no group has, or one terminating;
     *                  {@code UnsupportedOperation} for an on-demand instance
     */
    void interruptSpot(String instanceId) {
        Group group = groupOf(instanceId)
                .filter(g -> g.instances.get(instanceId).live())
                .orElseThrow(() -> AwsError.client("InvalidInstanceID.NotFound",
                        "The instance ID '" + instanceId + "' does not exist"));
        GroupInstance instance = group.instances.get(instanceId);
        if (!instance.spot) {
            throw AwsError.client("UnsupportedOperation", "Instance " + instanceId + " is not a spot instance");
        }
        if (instance.interrupted) {
            return;
        }
        instance.interrupted = true;
        events.send(group.spec.clusterName(), interruptionWarning(instanceId).encode());
        vertx.setTimer(Math.max(1, settings.spotInterruptionNotice().toMillis()), id -> {
            if (instance.live()) {
                terminate(group, instance);
                reconcile(group);
            }
        });
    }

    /** Launches or terminates until the live instances match desired capacity. */
    private void reconcile(Group group) {
        List<GroupInstance> live = group.live();
        for (int n = live.size(); n < group.desired; n++) {
            launch(group);
        }
        for (int n = live.size(); n > group.desired; n--) {
            Placement.scaleInVictim(group.live()).ifPresent(victim -> terminate(group, victim));
        }
    }

    private void launch(Group group) {
        String id = "i-" + String.format("%016x", random.nextLong()) + Integer.toHexString(random.nextInt(16));
        String zone = Placement.launchZone(group.zones, group.live());
        GroupInstance instance = new GroupInstance(id, zone, group.instanceType(), group.spec.spot(), now(), ++launches);
        group.instances.put(id, instance);
        instance.timerId = vertx.setTimer(Math.max(1, settings.instanceBootDelay().toMillis()), t -> {
            instance.timerId = -1;
            if (instance.state == LifecycleState.PENDING) {
                instance.state = LifecycleState.IN_SERVICE;
                AutoScalingGroupSpec s = group.spec;
                membership.join(s.clusterName(), id, s.instanceCpu(), s.instanceMemory(), s.spot());
            }
        });
    }

    private void terminate(Group group, GroupInstance instance) {
        if (instance.timerId >= 0) {
            vertx.cancelTimer(instance.timerId);
        }
        boolean joined = instance.state == LifecycleState.IN_SERVICE;
        instance.state = LifecycleState.TERMINATING;
        if (joined) {
            membership.leave(instance.instanceId);
        }
        instance.timerId = vertx.setTimer(Math.max(1, settings.taskStopTimeout().toMillis()),
                t -> group.instances.remove(instance.instanceId, instance));
    }

    private Optional<Group> groupOf(String instanceId) {
        return groups.values().stream().filter(g -> g.instances.containsKey(instanceId)).findFirst();
    }

    /**
     * An EC2 instance rebalance recommendation for a live spot instance: only the event; nothing is
     * reclaimed (EC2 sends it when the risk rises, often well before any interruption warning).
     */
    void recommendRebalance(String instanceId) {
        Group group = groupOf(instanceId)
                .filter(g -> g.instances.get(instanceId).live())
                .orElseThrow(() -> AwsError.client("InvalidInstanceID.NotFound",
                        "The instance ID '" + instanceId + "' does not exist"));
        if (!group.instances.get(instanceId).spot) {
            throw AwsError.client("UnsupportedOperation", "Instance " + instanceId + " is not a spot instance");
        }
        events.send(group.spec.clusterName(), ec2Event("EC2 Instance Rebalance Recommendation", instanceId,
                new JsonObject().put("instance-id", instanceId)).encode());
    }

    private JsonObject interruptionWarning(String instanceId) {
        return ec2Event("EC2 Spot Instance Interruption Warning", instanceId,
                new JsonObject().put("instance-id", instanceId).put("instance-action", "terminate"));
    }

    /** An EventBridge event from {@code aws.ec2} about one instance. */
    private JsonObject ec2Event(String detailType, String instanceId, JsonObject detail) {
        String region = settings.region();
        String account = settings.accountId();
        return new JsonObject()
                .put("version", "0")
                .put("id", UUID.randomUUID().toString())
                .put("detail-type", detailType)
                .put("source", "aws.ec2")
                .put("account", account)
                .put("time", now().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("region", region)
                .put("resources", new JsonArray().add("arn:aws:ec2:" + region + ":" + account + ":instance/" + instanceId))
                .put("detail", detail);
    }

    private Instant now() {
        return clock.instant();
    }
}
