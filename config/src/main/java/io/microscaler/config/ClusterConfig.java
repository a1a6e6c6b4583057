package io.microscaler.config;

import io.microscaler.cluster.Headroom;
import io.microscaler.cluster.HeadroomSettings;
import io.microscaler.cluster.InstanceSize;
import io.microscaler.cluster.TaskSize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The cluster planner and the instance scaling of the Auto Scaling group (keys {@code cluster.*}).
 * The relations between the figures (an instance holds the largest task; the high threshold cannot
 * flap) are checked only with {@code enabled: true}, where they are used; a subnet for Fargate
 * also for a task-mode service with {@code fargate: true}.
 *
 * @param autoScalingGroup      the group of the cluster's EC2 instances (name or ARN)
 * @param instance              CPU units and MiB each instance registers with ECS
 * @param largestTask           the most CPU and the most memory any service's task reserves
 *                              ({@code services.<id>.cpu/memory}; with no services, serviceDefaults')
 * @param headroomLow           scale out below this many largest tasks of room
 * @param headroomHigh          scale in above this many ({@code auto}: one more than an instance holds)
 * @param scaleInterval         how often the headroom rule and the planner run
 * @param cooldown              no scale-in this soon after an instance scaling
 * @param fargateSubnets        subnets of the awsvpc tasks of services with {@code fargate: true} (on
 *                              Fargate and, in task mode, on EC2 too): needed when there is one
 * @param fargateSecurityGroups their security groups; empty: the VPC's default
 */
public record ClusterConfig(boolean enabled, String autoScalingGroup, InstanceSize instance, TaskSize largestTask,
                            int headroomLow, int headroomHigh, Duration scaleInterval, Duration cooldown,
                            List<String> fargateSubnets, List<String> fargateSecurityGroups) {

    /** What {@code cluster.headroomHigh} says to derive the high threshold. */
    public static final String AUTO = "auto";

    private static final Pattern SUBNET = Pattern.compile("subnet-[0-9A-Za-z]{1,32}");
    private static final Pattern SECURITY_GROUP = Pattern.compile("sg-[0-9A-Za-z]{1,32}");

    public ClusterConfig {
        fargateSubnets = List.copyOf(fargateSubnets);
        fargateSecurityGroups = List.copyOf(fargateSecurityGroups);
    }

    /** The headroom rule's settings; with {@code enabled} the loader has checked that they are valid. */
    public HeadroomSettings headroom() {
        return new HeadroomSettings(headroomLow, headroomHigh, largestTask, instance, cooldown);
    }

    public int tasksPerInstance() {
        return Headroom.tasksPerInstance(instance, largestTask);
    }

    // --- loading (called by ConfigLoader) ---

    static ClusterConfig load(RawSettings raw, Collection<ServiceConfig> services, ServiceConfig serviceDefaults) {
        boolean enabled = Values.bool("cluster.enabled", raw.fixed("cluster.enabled"));
        Setting groupSetting = raw.fixed("cluster.autoScalingGroup");
        String group = groupSetting.value().strip();
        if (enabled && (group.isEmpty() || group.length() > 1600)) {
            throw Values.fail("cluster.autoScalingGroup", groupSetting,
                    "the name or ARN of the cluster's Auto Scaling group (required with cluster.enabled: true)");
        }
        Setting cpuSetting = raw.fixed("cluster.instanceCpu");
        Setting memorySetting = raw.fixed("cluster.instanceMemory");
        InstanceSize instance = new InstanceSize(
                Values.integer("cluster.instanceCpu", cpuSetting, 1, Integer.MAX_VALUE, " (CPU units an instance registers)"),
                Values.integer("cluster.instanceMemory", memorySetting, 1, Integer.MAX_VALUE, " (MiB an instance registers)"));
        Largest largest = Largest.of(services, serviceDefaults);
        int perInstance = Headroom.tasksPerInstance(instance, largest.size());
        if (enabled && perInstance < 1) {
            boolean cpuShort = instance.cpu() < largest.size().cpu();
            throw Values.fail(cpuShort ? "cluster.instanceCpu" : "cluster.instanceMemory", cpuShort ? cpuSetting : memorySetting,
                    "at least " + (cpuShort ? largest.size().cpu() + " CPU units" : largest.size().memoryMiB() + " MiB")
                            + ": one instance must hold the largest task, " + largest.describe());
        }
        Setting lowSetting = raw.fixed("cluster.headroomLow");
        int low = Values.integer("cluster.headroomLow", lowSetting, 0, Integer.MAX_VALUE, " (largest tasks of room)");
        Setting highSetting = raw.fixed("cluster.headroomHigh");
        boolean auto = highSetting.value().strip().equals(AUTO);
        int high = auto ? HeadroomSettings.defaultHigh(instance, largest.size())
                : Values.integer("cluster.headroomHigh", highSetting, 1, Integer.MAX_VALUE, " or auto");
        if (enabled && !auto && high <= perInstance) {
            throw Values.fail("cluster.headroomHigh", highSetting, "a whole number > " + perInstance + ": one instance of "
                    + instance + " holds " + perInstance + " of the largest task, " + largest.describe()
                    + "; a high threshold at or below that makes the cluster flap (or auto: " + (perInstance + 1) + ")");
        }
        if (enabled && low >= high) {
            throw auto ? Values.fail("cluster.headroomLow", lowSetting, "a whole number < cluster.headroomHigh (auto: " + high + ")")
                    : Values.fail("cluster.headroomHigh", highSetting, "a whole number > cluster.headroomLow (" + low + ")");
        }
        Duration interval = Values.duration("cluster.scaleInterval", raw.fixed("cluster.scaleInterval"), Duration.ofMillis(100), false);
        Duration cooldown = Values.duration("cluster.cooldown", raw.fixed("cluster.cooldown"), Duration.ZERO, false);
        List<String> subnets = ids("cluster.fargateSubnets", raw.fixed("cluster.fargateSubnets"), SUBNET,
                "subnet ids separated by commas, e.g. subnet-0a1b2c3d,subnet-4e5f6a7b", "subnet id");
        List<String> groups = ids("cluster.fargateSecurityGroups", raw.fixed("cluster.fargateSecurityGroups"), SECURITY_GROUP,
                "security group ids separated by commas, e.g. sg-0a1b2c3d, or empty for the VPC's default",
                "security group id");
        if (subnets.isEmpty()) {
            // The planner (enabled) and task mode both run a fargate: true service's tasks in these subnets.
            services.stream().filter(s -> s.placement().fargate() && (enabled || s.placement().taskMode())).findFirst()
                    .ifPresent(s -> {
                        throw Values.fail("cluster.fargateSubnets", raw.fixed("cluster.fargateSubnets"), "at least one"
                                + " subnet id (e.g. subnet-0a1b2c3d): Fargate tasks run in awsvpc mode, and services."
                                + s.id() + ".fargate is true");
                    });
        }
        return new ClusterConfig(enabled, group, instance, largest.size(), low, high, interval, cooldown, subnets, groups);
    }

    private static List<String> ids(String key, Setting s, Pattern pattern, String expected, String what) {
        List<String> ids = new ArrayList<>();
        for (String part : s.value().split(",", -1)) {
            String id = part.strip();
            if (id.isEmpty() && s.value().isBlank()) {
                continue;
            }
            if (!pattern.matcher(id).matches()) {
                throw Values.fail(key, s, expected);
            }
            ids.add(id);
        }
        Values.distinct(key, s, ids, what);
        return ids;
    }

    /** The largest task and the services it comes from, for messages. */
    private record Largest(TaskSize size, String cpuFrom, String memoryFrom) {

        static Largest of(Collection<ServiceConfig> services, ServiceConfig serviceDefaults) {
            Collection<ServiceConfig> all = services.isEmpty() ? List.of(serviceDefaults) : services;
            ServiceConfig cpu = null;
            ServiceConfig memory = null;
            for (ServiceConfig s : all) {
                if (cpu == null || s.placement().cpu() > cpu.placement().cpu()) {
                    cpu = s;
                }
                if (memory == null || s.placement().memoryMiB() > memory.placement().memoryMiB()) {
                    memory = s;
                }
            }
            return new Largest(new TaskSize(cpu.placement().cpu(), memory.placement().memoryMiB()), cpu.id(), memory.id());
        }

        String describe() {
            String from = cpuFrom.equals(memoryFrom) ? "(service \"" + cpuFrom + "\")"
                    : "(CPU of service \"" + cpuFrom + "\", memory of service \"" + memoryFrom + "\")";
            return size + " " + from;
        }
    }
}
