package io.microscaler.localcloud.ecs;

import io.microscaler.localcloud.AwsError;
import java.util.List;
import java.util.Set;

/**
 * What ECS checks when a task definition is registered, with AWS's messages: the network mode and
 * port mappings of awsvpc, and what FARGATE in {@code requiresCompatibilities} requires (awsvpc,
 * task-level CPU and memory, and one of Fargate's sizes).
 */
final class FargateRules {

    static final Set<String> NETWORK_MODES = Set.of("bridge", "host", "awsvpc", "none");
    static final Set<String> COMPATIBILITIES = Set.of("EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES");

    static void check(String networkMode, Integer cpu, Integer memory, List<TaskDefinition.Container> containers,
            List<String> requiresCompatibilities) {
        if (!NETWORK_MODES.contains(networkMode)) {
            throw client("Invalid networkMode '" + networkMode + "': it must be one of bridge, host, awsvpc or none.");
        }
        for (String c : requiresCompatibilities) {
            if (!COMPATIBILITIES.contains(c)) {
                throw client("Invalid requiresCompatibilities value '" + c + "': it must be EC2, FARGATE, EXTERNAL or MANAGED_INSTANCES.");
            }
        }
        if (TaskDefinition.AWSVPC.equals(networkMode)) {
            for (TaskDefinition.Container c : containers) {
                for (TaskDefinition.PortMapping pm : c.portMappings()) {
                    if (pm.hostPort() != 0 && pm.hostPort() != pm.containerPort()) {
                        throw client("When networkMode=awsvpc, the host ports and container ports in port mappings must match.");
                    }
                }
            }
        }
        if (!requiresCompatibilities.contains(TaskDefinition.FARGATE)) {
            return;
        }
        if (!TaskDefinition.AWSVPC.equals(networkMode)) {
            throw client("Fargate only supports network mode \u2018awsvpc\u2019.");
        }
        if (cpu == null) {
            throw client("Fargate requires that 'cpu' be defined at the task level.");
        }
        if (memory == null) {
            throw client("Fargate requires that 'memory' be defined at the task level.");
        }
        if (!validSize(cpu, memory)) {
            throw client("No Fargate configuration exists for given values: " + cpu + " CPU, " + memory
                    + " memory. See the Amazon ECS documentation for the valid values.");
        }
    }

    /**
     * Fargate's task sizes (Linux): 256 CPU with 512, 1024 or 2048 MiB; 512 with 1–4 GiB; 1024 with
     * 2–8 GiB; 2048 with 4–16 GiB; 4096 with 8–30 GiB, in 1 GiB steps; 8192 with 16–60 GiB in 4 GiB
     * steps; 16384 with 32–120 GiB in 8 GiB steps.
     */
    static boolean validSize(int cpu, int memory) {
        return switch (cpu) {
            case 256 -> memory == 512 || memory == 1024 || memory == 2048;
            case 512 -> steps(memory, 1024, 4096, 1024);
            case 1024 -> steps(memory, 2048, 8192, 1024);
            case 2048 -> steps(memory, 4096, 16384, 1024);
            case 4096 -> steps(memory, 8192, 30720, 1024);
            case 8192 -> steps(memory, 16384, 61440, 4096);
            case 16384 -> steps(memory, 32768, 122880, 8192);
            default -> false;
        };
    }

    private static boolean steps(int memory, int from, int to, int step) {
        return memory >= from && memory <= to && (memory - from) % step == 0;
    }

    private static AwsError client(String message) {
        return AwsError.client("ClientException", message);
    }

    private FargateRules() {
    }
}
