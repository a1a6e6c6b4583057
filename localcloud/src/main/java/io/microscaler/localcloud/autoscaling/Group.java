package io.microscaler.localcloud.autoscaling;

import io.microscaler.localcloud.AutoScalingGroupSpec;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One Auto Scaling group: its spec, current desired capacity and instances (in launch order). */
final class Group {

    final AutoScalingGroupSpec spec;
    final String arn;
    final Instant createdTime;
    final List<String> zones;
    int desired;
    final Map<String, GroupInstance> instances = new LinkedHashMap<>();

    Group(AutoScalingGroupSpec spec, String arn, Instant createdTime, List<String> zones) {
        this.spec = spec;
        this.arn = arn;
        this.createdTime = createdTime;
        this.zones = List.copyOf(zones);
        this.desired = spec.desiredCapacity();
    }

    String name() {
        return spec.name();
    }

    /** Pending and in-service instances: those that count towards desired capacity. */
    List<GroupInstance> live() {
        return instances.values().stream().filter(GroupInstance::live).toList();
    }

    Collection<GroupInstance> all() {
        return instances.values();
    }

    /**
     * An EC2 instance type with the spec's vCPUs, in the family its memory per vCPU suggests
     * (c5 up to 2 GiB, m5 up to 4 GiB, r5 above): 4096 CPU units and 7680 MiB → c5.xlarge.
     */
    String instanceType() {
        int vcpus = Math.max(1, spec.instanceCpu() / 1024);
        double mibPerVcpu = (double) spec.instanceMemory() / vcpus;
        String family = mibPerVcpu <= 2048 ? "c5" : mibPerVcpu <= 4096 ? "m5" : "r5";
        String size = switch (vcpus) {
            case 1, 2 -> "large";
            case 4 -> "xlarge";
            default -> (vcpus / 4) + "xlarge";
        };
        return family + "." + size;
    }
}
