package io.microscaler.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Every default, in one place, as the text an operator would write (so {@code 60s}, not a
 * {@code Duration}): {@link ConfigLoader} starts from these, {@code config/microscaler.yaml} and
 * {@code docs/configuration.md} list the same values, and a test keeps the three in step.
 *
 * <p>The keys here are also the complete list of fixed keys: anything else in a file is a typo,
 * except under the two open sections, {@link #SERVICES} (one entry per scaled service, each with
 * {@link #SERVICE_FIELDS}) and {@link #KAFKA_PROPERTIES} (any Kafka client property).
 */
public final class Defaults {

    /** Section of scaled services: {@code services.<id>.<field>}. */
    public static final String SERVICES = "services";
    /** Section of Kafka client properties passed through as they are: {@code kafka.properties.<name>}. */
    public static final String KAFKA_PROPERTIES = "kafka.properties";
    /** Section whose values every service inherits unless it sets its own. */
    public static final String SERVICE_DEFAULTS = "serviceDefaults";

    /** The keys of one service, in documentation order; each has a default {@code serviceDefaults.<field>}. */
    public static final List<String> SERVICE_FIELDS = List.of(
            "initialTasks", "metric", "target", "tolerance", "minTasks", "maxTasks",
            "latencyTarget", "errorGuard", "panic", "panicThreshold", "backlogDrain",
            "scaleUpStabilisation", "scaleUpLimits", "scaleUpSelect", "scaleUpCooldown",
            "scaleDownStabilisation", "scaleDownLimits", "scaleDownSelect", "scaleDownCooldown",
            "stepMetric", "stepThreshold", "steps",
            "demand", "throughputPerTask", "drainTime",
            "predictive", "predictiveHorizon",
            "mode", "priority", "cpu", "memory", "taskDefinition", "targetGroup", "containerName", "containerPort", "fargate",
            "takeOver", "schedules");

    /** The value that turns an optional policy or limit off, e.g. {@code latencyTarget: none}. */
    public static final String NONE = "none";

    /** Dotted key → default value, in documentation order. */
    public static final Map<String, String> VALUES = values();

    private static Map<String, String> values() {
        Map<String, String> v = new LinkedHashMap<>();
        // Loopback: safe when run on a laptop; deployment files set 0.0.0.0 explicitly.
        v.put("http.host", "127.0.0.1");
        v.put("http.port", "8080");
        // Broker checks behind /health/ready: a dead broker turns it DOWN within
        // brokerFailures × (brokerCheckInterval + brokerCheckTimeout) = 2 × (2 s + 2 s) = 8 s.
        v.put("http.readiness.brokerCheckInterval", "2s");
        v.put("http.readiness.brokerCheckTimeout", "2s");
        v.put("http.readiness.brokerFailures", "2");
        // The status page's live stream (/api/stream): see StreamLimits for why each bound exists.
        v.put("http.stream.maxClients", "64");
        v.put("http.stream.maxAge", "5m");
        v.put("http.stream.writeBuffer", "65536");
        v.put("http.stream.slowClientTimeout", "10s");
        // Required wherever the autoscaler runs: empty is an error (only the local world starts a broker).
        v.put("kafka.bootstrapServers", "");
        v.put("kafka.groupId", "microscaler");
        v.put("kafka.topics.requests", "microscaler.requests");
        v.put("kafka.topics.demand", "microscaler.demand");
        v.put("kafka.topics.cluster", "microscaler.cluster");
        v.put("kafka.topics.decisions", "microscaler.decisions");
        v.put("kafka.topics.deadLetter", "microscaler.dead-letter");
        v.put("kafka.topics.wishes", "microscaler.wishes");
        v.put("kafka.topics.grants", "microscaler.grants");
        // Operators' pauses and pins, compacted: read whole at start, so they survive restarts.
        v.put("kafka.topics.admin", "microscaler.admin");
        // The predictive policy's history: one record per predictive service per minute, kept 8 days.
        v.put("kafka.topics.forecastHistory", "microscaler.forecast-history");
        v.put("kafka.partitions", "6");
        v.put("kafka.createTopics", "true");
        // The admin API (pause, resume, pin, release): off until a token is set, from the environment
        // (MICROSCALER_ADMIN_TOKEN) or a file; never in the configuration file.
        v.put("admin.token", "");
        v.put("admin.tokenFile", "");
        v.put("admin.maxPin", "24h");
        // How clients authenticate: none (kafka.properties alone decide), tls, scram-sha-256,
        // scram-sha-512 or msk-iam; see KafkaSecurity for the Kafka properties each one sets.
        v.put("kafka.security", "none");
        // SCRAM only: the user, and its password given directly (a secret: never shown) or in a file.
        v.put("kafka.username", "");
        v.put("kafka.password", "");
        v.put("kafka.passwordFile", "");
        v.put("ingest.instances", "0");
        v.put("ingest.maxFutureSkew", "5s");
        v.put("ingest.maxRecordBytes", "65536");
        v.put("ingest.maxNameLength", "256");
        v.put("ingest.unknownServices", "dead-letter");
        v.put("windows.stableSpan", "60s");
        v.put("windows.panicSpan", "6s");
        v.put("windows.staleAfter", "15s");
        v.put("tick", "1s");
        v.put("actuator.target", "dry-run");
        v.put("actuator.reconcileInterval", "15s");
        // shadow: read the real counts and report what would be set, changing nothing (ECS service mode only).
        v.put("actuator.mode", "act");
        // Restore Application Auto Scaling's dynamic scaling of taken-over services on stop (one instance only).
        v.put("actuator.handBackOnStop", "false");
        // Empty (or "aws"): AWS's regional endpoints, as the SDK resolves them per API; or one URL for every API.
        v.put("actuator.aws.endpoint", "");
        // Per API, each its own AWS service with its own (VPC) endpoint; empty: actuator.aws.endpoint.
        v.put("actuator.aws.endpoints.ecs", "");
        v.put("actuator.aws.endpoints.elasticloadbalancing", "");
        v.put("actuator.aws.endpoints.autoscaling", "");
        v.put("actuator.aws.endpoints.applicationAutoscaling", "");
        v.put("actuator.aws.region", "eu-west-1");
        v.put("actuator.aws.credentials", "default");
        v.put("actuator.aws.accessKeyId", "");
        v.put("actuator.aws.secretAccessKey", "");
        v.put("actuator.aws.cluster", "microscaler");
        v.put("actuator.aws.retry.maxAttempts", "8");
        v.put("actuator.aws.retry.baseDelay", "100ms");
        v.put("actuator.aws.retry.maxDelay", "5s");
        v.put("actuator.aws.retry.deadline", "30s");
        v.put("actuator.aws.callsPerSecond", "20");
        v.put("actuator.aws.burst", "40");
        v.put("serviceDefaults.initialTasks", "1");
        v.put("serviceDefaults.metric", "rps");
        v.put("serviceDefaults.target", "100");
        v.put("serviceDefaults.tolerance", "0.1");
        v.put("serviceDefaults.minTasks", "1");
        v.put("serviceDefaults.maxTasks", "20");
        // Optional policies and guards: "none" turns one off.
        v.put("serviceDefaults.latencyTarget", NONE);
        v.put("serviceDefaults.errorGuard", "0.1");
        // Knative's panic mode: on, at twice the load the ready tasks are sized for.
        v.put("serviceDefaults.panic", "true");
        v.put("serviceDefaults.panicThreshold", "2");
        // Concurrency tracking works off a backlog within this time (half the stable span).
        v.put("serviceDefaults.backlogDrain", "30s");
        // The predictive policy: off; when on, it forecasts one start-up delay of EC2-backed ECS ahead.
        v.put("serviceDefaults.predictive", "false");
        v.put("serviceDefaults.predictiveHorizon", "60s");
        // The HPA v2's behaviour defaults, without its rate limits (none: as fast as recommended).
        v.put("serviceDefaults.scaleUpStabilisation", "0s");
        v.put("serviceDefaults.scaleUpLimits", NONE);
        v.put("serviceDefaults.scaleUpSelect", "max");
        v.put("serviceDefaults.scaleUpCooldown", "0s");
        v.put("serviceDefaults.scaleDownStabilisation", "300s");
        v.put("serviceDefaults.scaleDownLimits", NONE);
        v.put("serviceDefaults.scaleDownSelect", "max");
        v.put("serviceDefaults.scaleDownCooldown", "0s");
        v.put("serviceDefaults.stepMetric", NONE);
        v.put("serviceDefaults.stepThreshold", "0");
        v.put("serviceDefaults.steps", NONE);
        v.put("serviceDefaults.demand", NONE);
        v.put("serviceDefaults.throughputPerTask", "1");
        v.put("serviceDefaults.drainTime", "60s");
        // Placement on the cluster: ECS services scaled by UpdateService unless "tasks" (microscaling).
        v.put("serviceDefaults.mode", "service");
        v.put("serviceDefaults.priority", "normal");
        v.put("serviceDefaults.cpu", "256");
        v.put("serviceDefaults.memory", "512");
        // Empty: the service id.
        v.put("serviceDefaults.taskDefinition", "");
        v.put("serviceDefaults.targetGroup", "");
        v.put("serviceDefaults.containerName", "");
        v.put("serviceDefaults.containerPort", "8080");
        v.put("serviceDefaults.fargate", "false");
        // A service that Application Auto Scaling scales (target tracking, step scaling) is left to it
        // unless this says to take it over (suspend its dynamic scaling; `microscaler handback` restores it).
        v.put("serviceDefaults.takeOver", "false");
        // Windows (cron, time zone) that replace minTasks/maxTasks while active; a service's own list
        // replaces this one whole (none: no schedules).
        v.put("serviceDefaults.schedules", NONE);
        // The cluster planner and instance scaling: off unless enabled.
        v.put("cluster.enabled", "false");
        v.put("cluster.autoScalingGroup", "");
        v.put("cluster.instanceCpu", "4096");
        v.put("cluster.instanceMemory", "7680");
        v.put("cluster.headroomLow", "1");
        // auto: one more than an instance holds of the largest task, the lowest that cannot flap.
        v.put("cluster.headroomHigh", ClusterConfig.AUTO);
        v.put("cluster.scaleInterval", "5s");
        v.put("cluster.cooldown", "60s");
        v.put("cluster.fargateSubnets", "");
        v.put("cluster.fargateSecurityGroups", "");
        return Collections.unmodifiableMap(v);
    }

    /** The default of a fixed key; throws for a key that has none (a programming error). */
    public static String get(String key) {
        String value = VALUES.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no default for config key '" + key + "'");
        }
        return value;
    }

    /** True for a fixed key with a single value, e.g. {@code http.port}. */
    public static boolean isKey(String key) {
        return VALUES.containsKey(key);
    }

    /**
     * The names directly under a section, in documentation order: {@code childrenOf("http")} is
     * [host, port]; {@code childrenOf("")} lists the top level. Includes the open sections.
     */
    public static List<String> childrenOf(String section) {
        String prefix = section.isEmpty() ? "" : section + ".";
        LinkedHashSet<String> names = new LinkedHashSet<>();
        List<String> all = new ArrayList<>(VALUES.keySet());
        all.add(KAFKA_PROPERTIES);
        all.add(SERVICES);
        for (String key : all) {
            if (key.startsWith(prefix)) {
                String rest = key.substring(prefix.length());
                int dot = rest.indexOf('.');
                names.add(dot < 0 ? rest : rest.substring(0, dot));
            }
        }
        return List.copyOf(names);
    }

    /** True for a fixed section that holds keys, e.g. {@code kafka.topics} (not the open sections). */
    public static boolean isSection(String key) {
        return !isKey(key) && !key.equals(SERVICES) && !key.equals(KAFKA_PROPERTIES) && !childrenOf(key).isEmpty();
    }

    private Defaults() {
    }
}
