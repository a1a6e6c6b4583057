package io.microscaler.localcloud;

import io.vertx.core.Future;

/**
 * Runs the containers of the tasks the local cloud places. The emulator decides where a task goes
 * and when; the runtime makes it real. {@link #NONE} runs nothing and hands out host ports from the
 * ephemeral range, as the ECS agent would; the demo's runtime starts an image server per task.
 * Called on the local cloud's context; implementations must not block it.
 */
public interface ContainerRuntime {

    /**
     * Starts the task's container. With bridge networking ({@code launch.awsvpc()} false) it listens
     * on {@link TaskLaunch#BRIDGE_HOST} on a dynamic port of its choosing; with awsvpc networking
     * (every Fargate task) it listens on the task's own address, {@code launch.host()}, on
     * {@code launch.containerPort()}, as a container with its own network interface does.
     *
     * @return the port the container listens on: the dynamic host port, or the container port with awsvpc
     */
    Future<Integer> start(TaskLaunch launch);

    /** Stops the container (SIGTERM, then SIGKILL after the stop timeout, in ECS terms). */
    Future<Void> stop(TaskLaunch launch);

    /** Runs nothing: ports are only numbers, every container starts and stops at once. */
    ContainerRuntime NONE = new ContainerRuntime() {
        private int nextPort = 32768; // ECS's default ephemeral host port range starts here

        @Override
        public Future<Integer> start(TaskLaunch launch) {
            if (launch.awsvpc()) {
                return Future.succeededFuture(launch.containerPort());
            }
            int port = nextPort;
            nextPort = nextPort >= 60999 ? 32768 : nextPort + 1;
            return Future.succeededFuture(port);
        }

        @Override
        public Future<Void> stop(TaskLaunch launch) {
            return Future.succeededFuture();
        }
    };
}
