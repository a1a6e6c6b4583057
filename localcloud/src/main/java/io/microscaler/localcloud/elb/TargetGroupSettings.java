package io.microscaler.localcloud.elb;

import io.microscaler.localcloud.AwsError;
import io.microscaler.localcloud.query.QueryForm;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What CreateTargetGroup sets, with AWS's defaults for an HTTP target group of instances (or IP
 * addresses, {@code TargetType=ip}) filled in.
 * Two requests with equal settings create the same group (CreateTargetGroup is idempotent); equal
 * names with different settings are a {@code DuplicateTargetGroupName}.
 */
record TargetGroupSettings(
        String name,
        String protocol,
        int port,
        String vpcId,
        String healthCheckProtocol,
        String healthCheckPort,
        boolean healthCheckEnabled,
        String healthCheckPath,
        int healthCheckIntervalSeconds,
        int healthCheckTimeoutSeconds,
        int healthyThresholdCount,
        int unhealthyThresholdCount,
        String matcherHttpCode,
        String targetType,
        String protocolVersion,
        String ipAddressType) {

    static final String TRAFFIC_PORT = "traffic-port";
    /** Targets are an instance id and a (host) port: bridge networking. */
    static final String INSTANCE = "instance";
    /** Targets are an IP address and a port: awsvpc networking, every Fargate task. */
    static final String IP = "ip";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?");
    private static final Set<String> PROTOCOLS = Set.of("HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "GENEVE");

    /** Reads a CreateTargetGroup form; fails with AWS's {@code ValidationError} on what AWS would refuse. */
    static TargetGroupSettings from(QueryForm form) {
        String name = form.require("Name");
        if (name.length() > 32) {
            throw QueryForm.validation("Target group name '" + name + "' cannot be longer than '32' characters");
        }
        if (!NAME.matcher(name).matches()) {
            throw QueryForm.validation("Target group name '" + name + "' can only contain characters that are "
                    + "alphanumeric characters or hyphens(-) and cannot begin or end with a hyphen");
        }
        String targetType = form.get("TargetType").orElse(INSTANCE);
        if (!targetType.equals(INSTANCE) && !targetType.equals(IP)) {
            throw QueryForm.validation("Target type '" + targetType + "' is not supported by the local cloud; "
                    + "it emulates target types 'instance' and 'ip'");
        }
        String protocol = form.require("Protocol");
        if (!PROTOCOLS.contains(protocol)) {
            throw QueryForm.validation("Value '" + protocol + "' at 'protocol' failed to satisfy constraint: "
                    + "Member must satisfy enum value set: " + PROTOCOLS);
        }
        int port = range(form.requireInt("Port"), 1, 65535, "port");
        String vpcId = form.require("VpcId");
        boolean http = protocol.startsWith("HTTP");
        String healthCheckPath = form.get("HealthCheckPath").orElse(http ? "/" : null);
        if (healthCheckPath != null && !healthCheckPath.startsWith("/")) {
            throw QueryForm.validation("Health check path must begin with a '/' character");
        }
        String healthCheckPort = form.get("HealthCheckPort").orElse(TRAFFIC_PORT);
        if (!healthCheckPort.equals(TRAFFIC_PORT)) {
            try {
                range(Integer.parseInt(healthCheckPort), 1, 65535, "healthCheckPort");
            } catch (NumberFormatException e) {
                throw QueryForm.validation("Health check port '" + healthCheckPort + "' must be 'traffic-port' or a port number");
            }
        }
        return new TargetGroupSettings(
                name, protocol, port, vpcId,
                form.get("HealthCheckProtocol").orElse(http ? protocol : "TCP"),
                healthCheckPort,
                form.booleanValue("HealthCheckEnabled", true),
                healthCheckPath,
                range(form.intValue("HealthCheckIntervalSeconds", 30), 5, 300, "healthCheckIntervalSeconds"),
                range(form.intValue("HealthCheckTimeoutSeconds", http ? 5 : 10), 2, 120, "healthCheckTimeoutSeconds"),
                range(form.intValue("HealthyThresholdCount", 5), 2, 10, "healthyThresholdCount"),
                range(form.intValue("UnhealthyThresholdCount", 2), 2, 10, "unhealthyThresholdCount"),
                form.get("Matcher.HttpCode").orElse(http ? "200" : null),
                targetType,
                form.get("ProtocolVersion").orElse(http ? "HTTP1" : null),
                form.get("IpAddressType").orElse("ipv4"));
    }

    private static int range(int value, int min, int max, String member) {
        if (value < min || value > max) {
            throw AwsError.client("ValidationError", "1 validation error detected: Value '" + value + "' at '" + member
                    + "' failed to satisfy constraint: Member must have value between " + min + " and " + max);
        }
        return value;
    }
}
