package io.microscaler.localcloud.autoscaling;

import io.microscaler.localcloud.AutoScalingGroupSpec;
import io.microscaler.localcloud.AwsError;
import io.microscaler.localcloud.AwsResponse;
import io.microscaler.localcloud.ClusterEventSink;
import io.microscaler.localcloud.ClusterMembership;
import io.microscaler.localcloud.LocalCloudSettings;
import io.microscaler.localcloud.query.QueryApi;
import io.microscaler.localcloud.query.QueryForm;
import io.microscaler.localcloud.query.QueryProtocol;
import io.microscaler.localcloud.query.XmlWriter;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * EC2 Auto Scaling over awsQuery ({@code Version=2011-01-01}): DescribeAutoScalingGroups,
 * SetDesiredCapacity and TerminateInstanceInAutoScalingGroup, for groups of ECS container
 * instances created in-process with {@link #addGroup}; and spot interruptions. Call every method
 * on the local cloud's context.
 */
public final class AutoScalingApi extends QueryApi {

    static final QueryProtocol PROTOCOL = new QueryProtocol("autoscaling", "2011-01-01", "autoscaling",
            "http://autoscaling.amazonaws.com/doc/2011-01-01/",
            Set.of("DescribeAutoScalingGroups", "SetDesiredCapacity", "TerminateInstanceInAutoScalingGroup"));

    private final AutoScalingGroups groups;

    public AutoScalingApi(Vertx vertx, LocalCloudSettings settings, ClusterMembership membership, ClusterEventSink events) {
        this(vertx, settings, membership, events, Clock.systemUTC());
    }

    AutoScalingApi(Vertx vertx, LocalCloudSettings settings, ClusterMembership membership, ClusterEventSink events,
                   Clock clock) {
        super(PROTOCOL);
        this.groups = new AutoScalingGroups(vertx, settings, membership, events, clock);
    }

    /**
     * Creates the group, which launches its desired capacity at once.
     *
     * @throws AwsError {@code AlreadyExists} for a name in use; {@code ValidationError} unless min ≤ desired ≤ max
     */
    public void addGroup(AutoScalingGroupSpec spec) {
        groups.add(spec);
    }

    /**
     * Sends an EC2 Spot Instance Interruption Warning for the instance to the {@link ClusterEventSink}
     * (keyed by its cluster) and terminates it after {@code spotInterruptionNotice}; its group
     * launches a replacement (desired capacity unchanged).
     *
     * @throws AwsError {@code InvalidInstanceID.NotFound} when no group has the instance (or it is
     *                  terminating), {@code UnsupportedOperation} when it is not a spot instance
     */
    public void interruptSpot(String instanceId) {
        groups.interruptSpot(instanceId);
    }

    /** Sends an EC2 instance rebalance recommendation for a live spot instance. */
    public void recommendRebalance(String instanceId) {
        groups.recommendRebalance(instanceId);
    }

    @Override
    protected AwsResponse dispatch(QueryForm form) {
        return switch (form.action()) {
            case "DescribeAutoScalingGroups" -> describe(form);
            case "SetDesiredCapacity" -> setDesiredCapacity(form);
            case "TerminateInstanceInAutoScalingGroup" -> terminate(form);
            default -> throw new IllegalStateException("unhandled " + form.action());
        };
    }

    private AwsResponse describe(QueryForm form) {
        List<String> names = form.list("AutoScalingGroupNames");
        boolean withInstances = form.booleanValue("IncludeInstances", true);
        List<Group> found = names.isEmpty() ? groups.all()
                : names.stream().distinct().flatMap(n -> groups.find(n).stream()).toList();
        return PROTOCOL.ok("DescribeAutoScalingGroups",
                xml -> xml.list("AutoScalingGroups", found, (x, g) -> writeGroup(x, g, withInstances)));
    }

    private AwsResponse setDesiredCapacity(QueryForm form) {
        groups.setDesired(form.require("AutoScalingGroupName"), form.requireInt("DesiredCapacity"));
        return PROTOCOL.ok("SetDesiredCapacity", xml -> { });
    }

    private AwsResponse terminate(QueryForm form) {
        String instanceId = form.require("InstanceId");
        form.require("ShouldDecrementDesiredCapacity");
        Activity a = groups.terminate(instanceId, form.booleanValue("ShouldDecrementDesiredCapacity", false));
        return PROTOCOL.ok("TerminateInstanceInAutoScalingGroup", xml -> xml.start("Activity")
                .element("ActivityId", a.activityId())
                .element("AutoScalingGroupName", a.groupName())
                .element("Description", a.description())
                .element("Cause", a.cause())
                .element("StartTime", a.startTime())
                .element("StatusCode", a.statusCode())
                .element("Progress", a.progress())
                .element("Details", "{}")
                .element("AutoScalingGroupARN", a.groupArn())
                .end());
    }

    private static void writeGroup(XmlWriter xml, Group g, boolean withInstances) {
        AutoScalingGroupSpec s = g.spec;
        xml.element("AutoScalingGroupName", s.name())
                .element("AutoScalingGroupARN", g.arn)
                .start("LaunchTemplate").element("LaunchTemplateName", s.name() + "-template")
                .element("Version", "$Default").end()
                .element("MinSize", s.minSize())
                .element("MaxSize", s.maxSize())
                .element("DesiredCapacity", g.desired)
                .element("DefaultCooldown", 300)
                .list("AvailabilityZones", g.zones)
                .list("LoadBalancerNames", List.of())
                .list("TargetGroupARNs", List.of())
                .element("HealthCheckType", "EC2")
                .element("HealthCheckGracePeriod", 300);
        if (withInstances) {
            xml.list("Instances", List.copyOf(g.all()), (x, i) -> x
                    .element("InstanceId", i.instanceId)
                    .element("InstanceType", i.instanceType)
                    .element("AvailabilityZone", i.availabilityZone)
                    .element("LifecycleState", i.state.wire)
                    .element("HealthStatus", "Healthy")
                    .start("LaunchTemplate").element("LaunchTemplateName", s.name() + "-template")
                    .element("Version", "1").end()
                    .element("ProtectedFromScaleIn", false));
        }
        xml.element("CreatedTime", g.createdTime)
                .list("SuspendedProcesses", List.of())
                .list("EnabledMetrics", List.of())
                .list("TerminationPolicies", List.of("Default"))
                .element("NewInstancesProtectedFromScaleIn", false)
                .element("CapacityRebalance", s.spot())
                .list("Tags", List.of());
    }
}
