package io.microscaler.localcloud.elb;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** One target group: its settings, attributes and registered targets (by {@code id:port}, the id an instance id or an IP). */
final class TargetGroup {

    static final String DEREGISTRATION_DELAY = "deregistration_delay.timeout_seconds";

    final String arn;
    final TargetGroupSettings settings;
    /** Attributes as ModifyTargetGroupAttributes sets them, with AWS's defaults. */
    final Map<String, String> attributes = new LinkedHashMap<>();
    private final Map<String, RegisteredTarget> targets = new LinkedHashMap<>();

    TargetGroup(String arn, TargetGroupSettings settings) {
        this.arn = arn;
        this.settings = settings;
        attributes.put(DEREGISTRATION_DELAY, "300");
        attributes.put("stickiness.enabled", "false");
        attributes.put("stickiness.type", "lb_cookie");
        attributes.put("load_balancing.algorithm.type", "round_robin");
        attributes.put("slow_start.duration_seconds", "0");
    }

    String name() {
        return settings.name();
    }

    int deregistrationDelaySeconds() {
        return Integer.parseInt(attributes.get(DEREGISTRATION_DELAY));
    }

    RegisteredTarget target(String instanceId, int port) {
        return targets.get(key(instanceId, port));
    }

    /** Every registration of the instance, on any port. */
    Collection<RegisteredTarget> targets(String instanceId) {
        return targets.values().stream().filter(t -> t.instanceId.equals(instanceId)).toList();
    }

    Collection<RegisteredTarget> targets() {
        return targets.values();
    }

    void put(RegisteredTarget target) {
        targets.put(key(target.instanceId, target.port), target);
    }

    /** Removes the target if it is still this registration (not one registered again since). */
    boolean remove(RegisteredTarget target) {
        return targets.remove(key(target.instanceId, target.port), target);
    }

    /** Whether targets are IP addresses (awsvpc tasks) rather than instance ids. */
    boolean ipTargets() {
        return settings.targetType().equals(TargetGroupSettings.IP);
    }

    /**
     * Where a target is reached: an ip target at its own address; an instance target at
     * {@code TargetGroups.HOST}, since every instance of the local cloud is this machine's loopback.
     */
    String host(RegisteredTarget target) {
        return ipTargets() ? target.instanceId : TargetGroups.HOST;
    }

    /** The port health checks go to: the target's own ({@code traffic-port}) or the group's override. */
    int healthCheckPort(RegisteredTarget target) {
        String port = settings.healthCheckPort();
        return Objects.equals(port, TargetGroupSettings.TRAFFIC_PORT) ? target.port : Integer.parseInt(port);
    }

    private static String key(String instanceId, int port) {
        return instanceId + ":" + port;
    }
}
