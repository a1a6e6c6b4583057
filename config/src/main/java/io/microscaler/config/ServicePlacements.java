package io.microscaler.config;

import io.microscaler.cluster.Priorities;
import io.microscaler.config.ServicePlacement.Mode;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reads a service's placement keys. The three names that default to the service id
 * ({@code taskDefinition}, {@code targetGroup}, {@code containerName}) are checked against what
 * ECS and ELB accept when given, and when defaulted only in task mode, where they are used: a
 * service id such as {@code img.v2} is a fine id but no task definition family.
 */
final class ServicePlacements {

    private static final Pattern FAMILY = Pattern.compile("[A-Za-z0-9_-]{1,255}(:[1-9][0-9]{0,8})?");
    private static final Pattern TASK_DEFINITION_ARN =
            Pattern.compile("arn:aws[a-z-]*:ecs:[a-z0-9-]+:\\d{12}:task-definition/[A-Za-z0-9_-]{1,255}(:[1-9][0-9]{0,8})?");
    private static final Pattern TARGET_GROUP = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?");
    private static final Pattern TARGET_GROUP_ARN = Pattern.compile(
            "arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\\d{12}:targetgroup/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}");
    private static final Pattern CONTAINER = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    static final int MAX_PRIORITY = 1_000_000;

    /**
     * @param key    the dotted key of a field, e.g. {@code services.iiif.cpu}
     * @param fields every field's setting (own or inherited), by field name
     */
    static ServicePlacement read(String id, Function<String, String> key, Map<String, Setting> fields) {
        Mode mode = Values.choice(key.apply("mode"), fields.get("mode"), Mode.class);
        int priority = priority(key.apply("priority"), fields.get("priority"));
        int cpu = Values.integer(key.apply("cpu"), fields.get("cpu"), 1, 1_000_000, " (CPU units, 1024 = 1 vCPU)");
        int memory = Values.integer(key.apply("memory"), fields.get("memory"), 1, Integer.MAX_VALUE, " (MiB)");
        boolean tasks = mode == Mode.TASKS;
        String taskDefinition = name(key.apply("taskDefinition"), fields.get("taskDefinition"), id, tasks,
                "a task definition family, family:revision or ARN (family: 1 to 255 letters, digits, '-' or '_')",
                v -> FAMILY.matcher(v).matches() || TASK_DEFINITION_ARN.matcher(v).matches());
        String targetGroup = name(key.apply("targetGroup"), fields.get("targetGroup"), id, tasks,
                "a target group name (1 to 32 letters, digits or '-', not starting or ending with '-') or ARN",
                v -> TARGET_GROUP.matcher(v).matches() || TARGET_GROUP_ARN.matcher(v).matches());
        String container = name(key.apply("containerName"), fields.get("containerName"), id, tasks,
                "a container name (1 to 255 letters, digits, '-' or '_')", v -> CONTAINER.matcher(v).matches());
        int port = Values.integer(key.apply("containerPort"), fields.get("containerPort"), 1, 65535, "");
        boolean fargate = Values.bool(key.apply("fargate"), fields.get("fargate"));
        return new ServicePlacement(mode, priority, cpu, memory, taskDefinition, targetGroup, container, port, fargate);
    }

    /** A class name ({@code high}) or a whole number from 0 to {@link #MAX_PRIORITY}. */
    static int priority(String key, Setting s) {
        String text = s.value().strip();
        var named = Priorities.named(text);
        if (named.isPresent()) {
            return named.get();
        }
        String expected = "one of critical (1000), high (100), normal (50), low (10), background (0),"
                + " or a whole number from 0 to " + MAX_PRIORITY + " (higher wins a full cluster)";
        try {
            int n = Integer.parseInt(text);
            if (n < 0 || n > MAX_PRIORITY) {
                throw Values.fail(key, s, expected);
            }
            return n;
        } catch (NumberFormatException e) {
            throw Values.fail(key, s, expected);
        }
    }

    /** Empty means the service id; a given name must be valid, a defaulted one only where it is used. */
    private static String name(String key, Setting s, String id, boolean used, String expected,
                               Predicate<String> valid) {
        String text = s.value().strip();
        if (text.isEmpty()) {
            if (used && !valid.test(id)) {
                throw Values.fail(key, s, expected + "; empty means the service id, '" + id + "', which is not one");
            }
            return id;
        }
        if (!valid.test(text)) {
            throw Values.fail(key, s, expected);
        }
        return text;
    }

    private ServicePlacements() {
    }
}
