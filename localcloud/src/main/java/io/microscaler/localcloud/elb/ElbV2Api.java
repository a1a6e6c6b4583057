package io.microscaler.localcloud.elb;

import io.microscaler.localcloud.AwsError;
import io.microscaler.localcloud.AwsResponse;
import io.microscaler.localcloud.HealthProbe;
import io.microscaler.localcloud.HealthyTargets;
import io.microscaler.localcloud.LocalCloudSettings;
import io.microscaler.localcloud.TargetRegistry;
import io.microscaler.localcloud.query.QueryApi;
import io.microscaler.localcloud.query.QueryForm;
import io.microscaler.localcloud.query.QueryProtocol;
import io.microscaler.localcloud.query.XmlWriter;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Elastic Load Balancing v2 over awsQuery ({@code Version=2015-12-01}): CreateTargetGroup,
 * DescribeTargetGroups, RegisterTargets, DeregisterTargets, DescribeTargetHealth,
 * DescribeTargetGroupAttributes and ModifyTargetGroupAttributes, for target groups of instances
 * (bridge tasks: instance id and host port) and of IP addresses (awsvpc tasks: their own address).
 * Also the {@link TargetRegistry} ECS registers its service tasks through, and the
 * {@link HealthyTargets} the load balancer reads. Call on the local cloud's context only
 * (except {@link #healthyTargets()}' reads).
 */
public final class ElbV2Api extends QueryApi implements TargetRegistry {

    static final QueryProtocol PROTOCOL = new QueryProtocol("elbv2", "2015-12-01", "elasticloadbalancing",
            "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/",
            Set.of("CreateTargetGroup", "DescribeTargetGroups", "RegisterTargets", "DeregisterTargets",
                    "DescribeTargetHealth", "DescribeTargetGroupAttributes", "ModifyTargetGroupAttributes"));

    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,17}");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /** The local cloud's only network: its IP targets must be loopback addresses (awsvpc tasks get 127.0.0.x). */
    private static final String LOOPBACK_PREFIX = "127.";

    private final TargetGroups groups;

    public ElbV2Api(Vertx vertx, LocalCloudSettings settings, HealthProbe probe) {
        super(PROTOCOL);
        this.groups = new TargetGroups(vertx, settings, probe);
    }

    /** Routable targets by target group name; safe to read from any thread. */
    public HealthyTargets healthyTargets() {
        return groups;
    }

    @Override
    protected AwsResponse dispatch(QueryForm form) {
        return switch (form.action()) {
            case "CreateTargetGroup" -> createTargetGroup(form);
            case "DescribeTargetGroups" -> describeTargetGroups(form);
            case "RegisterTargets" -> registerTargets(form);
            case "DeregisterTargets" -> deregisterTargets(form);
            case "DescribeTargetHealth" -> describeTargetHealth(form);
            case "DescribeTargetGroupAttributes" -> describeAttributes(form);
            case "ModifyTargetGroupAttributes" -> modifyAttributes(form);
            default -> throw new IllegalStateException("unhandled " + form.action());
        };
    }

    // TargetRegistry, for ECS services with a load balancer

    @Override
    public boolean exists(String targetGroupArn) {
        return groups.find(targetGroupArn).isPresent();
    }

    @Override
    public String targetType(String targetGroupArn) {
        return groups.get(targetGroupArn).settings.targetType();
    }

    /** @throws AwsError {@code TargetGroupNotFound} when there is no such group */
    @Override
    public void register(String targetGroupArn, String instanceId, int port) {
        groups.register(groups.get(targetGroupArn), instanceId, port);
    }

    @Override
    public boolean inService(String targetGroupArn, String instanceId, int port) {
        RegisteredTarget target = groups.find(targetGroupArn).map(g -> g.target(instanceId, port)).orElse(null);
        return target != null && target.state().routable();
    }

    /** Drains the target; {@code drained} runs at once when the group or target is not there (nothing to wait for). */
    @Override
    public void deregister(String targetGroupArn, String instanceId, int port, Runnable drained) {
        RegisteredTarget target = groups.find(targetGroupArn).map(g -> g.target(instanceId, port)).orElse(null);
        if (target == null) {
            drained.run();
        } else {
            groups.deregister(groups.get(targetGroupArn), target, drained);
        }
    }

    // operations

    private AwsResponse createTargetGroup(QueryForm form) {
        TargetGroup group = groups.create(TargetGroupSettings.from(form));
        return PROTOCOL.ok("CreateTargetGroup", xml -> xml.list("TargetGroups", List.of(group), ElbV2Api::writeGroup));
    }

    private AwsResponse describeTargetGroups(QueryForm form) {
        List<String> arns = form.list("TargetGroupArns");
        List<String> names = form.list("Names");
        if (form.get("LoadBalancerArn").isPresent()) {
            throw AwsError.client("LoadBalancerNotFound", "The local cloud has no load balancers to describe by");
        }
        if (!arns.isEmpty() && !names.isEmpty()) {
            throw QueryForm.validation("Target group names and target group ARNs cannot be specified at the same time");
        }
        List<TargetGroup> found;
        if (!arns.isEmpty()) {
            found = arns.stream().map(groups::get).toList();
        } else if (!names.isEmpty()) {
            found = names.stream().map(n -> groups.byName(n)
                    .orElseThrow(() -> TargetGroups.notFound("One or more target groups not found"))).toList();
        } else {
            found = groups.all();
        }
        return PROTOCOL.ok("DescribeTargetGroups", xml -> xml.list("TargetGroups", found, ElbV2Api::writeGroup));
    }

    private AwsResponse registerTargets(QueryForm form) {
        TargetGroup group = groups.get(form.require("TargetGroupArn"));
        List<Target> targets = targets(form, group, true);
        targets.forEach(t -> groups.register(group, t.id(), t.port()));
        return PROTOCOL.ok("RegisterTargets", xml -> { });
    }

    private AwsResponse deregisterTargets(QueryForm form) {
        TargetGroup group = groups.get(form.require("TargetGroupArn"));
        List<RegisteredTarget> registered = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Target t : targets(form, group, true)) {
            RegisteredTarget target = group.target(t.id(), t.port());
            if (target == null) {
                missing.add(t.id() + ":" + t.port());
            } else {
                registered.add(target);
            }
        }
        if (!missing.isEmpty()) {
            throw AwsError.client("InvalidTarget",
                    "The following targets are not registered in target group '" + group.name() + "': " + missing);
        }
        registered.forEach(t -> groups.deregister(group, t, () -> { }));
        return PROTOCOL.ok("DeregisterTargets", xml -> { });
    }

    private AwsResponse describeTargetHealth(QueryForm form) {
        TargetGroup group = groups.get(form.require("TargetGroupArn"));
        List<Health> health = new ArrayList<>();
        List<Target> asked = targets(form, group, false);
        if (asked.isEmpty()) {
            group.targets().forEach(t -> health.add(new Health(t.instanceId, t.port, t.state())));
        }
        for (Target t : asked) {
            List<RegisteredTarget> matches = t.port() > 0
                    ? (group.target(t.id(), t.port()) == null ? List.of() : List.of(group.target(t.id(), t.port())))
                    : List.copyOf(group.targets(t.id()));
            if (matches.isEmpty()) {
                health.add(new Health(t.id(), t.port() > 0 ? t.port() : group.settings.port(), HealthState.UNUSED));
            }
            matches.forEach(m -> health.add(new Health(m.instanceId, m.port, m.state())));
        }
        String checkPort = group.settings.healthCheckPort();
        return PROTOCOL.ok("DescribeTargetHealth", xml -> xml.list("TargetHealthDescriptions", health, (x, h) -> x
                .start("Target").element("Id", h.id()).element("Port", h.port()).end()
                .element("HealthCheckPort", checkPort.equals(TargetGroupSettings.TRAFFIC_PORT) ? String.valueOf(h.port()) : checkPort)
                .start("TargetHealth")
                .element("State", h.state().wire)
                .element("Reason", h.state().reason)
                .element("Description", h.state().description)
                .end()));
    }

    private AwsResponse describeAttributes(QueryForm form) {
        TargetGroup group = groups.get(form.require("TargetGroupArn"));
        return PROTOCOL.ok("DescribeTargetGroupAttributes", xml -> writeAttributes(xml, group));
    }

    private AwsResponse modifyAttributes(QueryForm form) {
        TargetGroup group = groups.get(form.require("TargetGroupArn"));
        List<QueryForm> attributes = form.structures("Attributes");
        for (QueryForm a : attributes) {
            String key = a.require("Key");
            String value = a.get("Value").orElse("");
            if (key.equals(TargetGroup.DEREGISTRATION_DELAY)) {
                int seconds = a.intValue("Value", -1);
                if (seconds < 0 || seconds > 3600) {
                    throw QueryForm.validation("'" + value + "' must be an integer between 0 and 3600 for " + key);
                }
            }
        }
        attributes.forEach(a -> group.attributes.put(a.require("Key"), a.get("Value").orElse("")));
        return PROTOCOL.ok("ModifyTargetGroupAttributes", xml -> writeAttributes(xml, group));
    }

    /**
     * The {@code Targets.member.N} of a request; ids must be instance ids in an {@code instance}
     * group, loopback IPv4 addresses in an {@code ip} group ({@code InvalidTarget}). When
     * {@code required} (register, deregister) there must be at least one and the port defaults to
     * the group's; otherwise (describe) the port defaults to 0, meaning any.
     */
    private static List<Target> targets(QueryForm form, TargetGroup group, boolean required) {
        List<QueryForm> members = form.structures("Targets");
        if (required && members.isEmpty()) {
            form.require("Targets");
        }
        List<Target> targets = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        for (QueryForm m : members) {
            String id = m.require("Id");
            int port = m.intValue("Port", required ? group.settings.port() : 0);
            if (!(group.ipTargets() ? IPV4 : INSTANCE_ID).matcher(id).matches()) {
                invalid.add(id);
            } else if (group.ipTargets() && !id.startsWith(LOOPBACK_PREFIX)) {
                unreachable.add(id);
            }
            if (port < 0 || port > 65535 || (required && port == 0)) {
                throw QueryForm.validation("Port '" + port + "' of target '" + id + "' must be between 1 and 65535");
            }
            targets.add(new Target(id, port));
        }
        if (!invalid.isEmpty()) {
            throw AwsError.client("InvalidTarget", "The following targets are not valid "
                    + (group.ipTargets() ? "IPv4 addresses" : "instance IDs") + ": " + invalid);
        }
        if (!unreachable.isEmpty()) {
            throw AwsError.client("InvalidTarget", "The following targets are not in the local cloud's network"
                    + " (127.0.0.0/8, where awsvpc tasks get their addresses): " + unreachable);
        }
        return targets;
    }

    private static void writeGroup(XmlWriter xml, TargetGroup group) {
        TargetGroupSettings s = group.settings;
        xml.element("TargetGroupArn", group.arn)
                .element("TargetGroupName", s.name())
                .element("Protocol", s.protocol())
                .element("Port", s.port())
                .element("VpcId", s.vpcId())
                .element("HealthCheckProtocol", s.healthCheckProtocol())
                .element("HealthCheckPort", s.healthCheckPort())
                .element("HealthCheckEnabled", s.healthCheckEnabled())
                .element("HealthCheckIntervalSeconds", s.healthCheckIntervalSeconds())
                .element("HealthCheckTimeoutSeconds", s.healthCheckTimeoutSeconds())
                .element("HealthyThresholdCount", s.healthyThresholdCount())
                .element("UnhealthyThresholdCount", s.unhealthyThresholdCount())
                .element("HealthCheckPath", s.healthCheckPath());
        if (s.matcherHttpCode() != null) {
            xml.start("Matcher").element("HttpCode", s.matcherHttpCode()).end();
        }
        xml.list("LoadBalancerArns", List.of())
                .element("TargetType", s.targetType())
                .element("ProtocolVersion", s.protocolVersion())
                .element("IpAddressType", s.ipAddressType());
    }

    private static void writeAttributes(XmlWriter xml, TargetGroup group) {
        xml.list("Attributes", group.attributes.entrySet(),
                (x, e) -> x.element("Key", e.getKey()).element("Value", e.getValue()));
    }

    private record Target(String id, int port) {
    }

    private record Health(String id, int port, HealthState state) {
    }
}
