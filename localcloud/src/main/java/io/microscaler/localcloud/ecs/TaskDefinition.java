package io.microscaler.localcloud.ecs;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registered task definition revision.
 *
 * @param cpu       task-level CPU units, or null when only the containers set theirs
 * @param memory    task-level MiB, or null when only the containers set theirs
 * @param taskLevel the other task-level fields as given (executionRoleArn, taskRoleArn,
 *                  runtimePlatform, ephemeralStorage…), plain Java maps and lists, to describe back
 */
public record TaskDefinition(
        String arn,
        String family,
        int revision,
        String networkMode,
        Integer cpu,
        Integer memory,
        List<Container> containers,
        List<String> requiresCompatibilities,
        Map<String, Object> taskLevel,
        Instant registeredAt) {

    public static final String AWSVPC = "awsvpc";
    public static final String FARGATE = "FARGATE";

    public TaskDefinition {
        containers = List.copyOf(containers);
        requiresCompatibilities = List.copyOf(requiresCompatibilities);
        taskLevel = Map.copyOf(taskLevel);
    }

    /**
     * One container definition: the fields the emulation uses, and all of them as given ({@code raw},
     * plain Java maps and lists) to describe it back.
     */
    public record Container(String name, Integer cpu, Integer memory, Integer memoryReservation,
            List<PortMapping> portMappings, Map<String, Object> raw) {

        public Container {
            portMappings = List.copyOf(portMappings);
            raw = Map.copyOf(raw);
        }
    }

    /** A container port; host port 0 (or absent) asks for a dynamic host port in bridge mode. */
    public record PortMapping(int containerPort, int hostPort, String protocol) {
    }

    /** What a task of this definition reserves on an instance: task-level values, else the containers' sums. */
    public Resources requirement() {
        int containerCpu = 0;
        int containerMemory = 0;
        for (Container c : containers) {
            containerCpu += c.cpu() == null ? 0 : c.cpu();
            containerMemory += c.memory() != null ? c.memory() : c.memoryReservation() == null ? 0 : c.memoryReservation();
        }
        return new Resources(cpu != null ? cpu : containerCpu, memory != null ? memory : containerMemory);
    }

    /** The container the runtime starts: the first with a port mapping, else the first. */
    public Container mainContainer() {
        return containers.stream().filter(c -> !c.portMappings().isEmpty()).findFirst().orElse(containers.get(0));
    }

    /** Whether each task gets its own network interface and address (awsvpc), rather than host ports (bridge). */
    public boolean awsvpc() {
        return AWSVPC.equals(networkMode);
    }

    /** Whether it may run on Fargate: registered with {@code requiresCompatibilities} FARGATE, and so validated for it. */
    public boolean fargateCompatible() {
        return requiresCompatibilities.contains(FARGATE);
    }

    /** ECS's computed {@code compatibilities}: EC2 always, FARGATE when validated for it. */
    public List<String> compatibilities() {
        return fargateCompatible() ? List.of("EC2", FARGATE) : List.of("EC2");
    }

    /** {@code family:revision}. */
    public String familyRevision() {
        return family + ":" + revision;
    }
}
