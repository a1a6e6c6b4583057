package io.microscaler.demo;

import io.microscaler.localcloud.ContainerRuntime;
import io.microscaler.localcloud.TaskLaunch;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The demo's container runtime: a task's "container" is an {@link ImageServer} verticle on a
 * loopback port of its own, reported to the local cloud as the task's dynamic host port; an awsvpc
 * task's (a Fargate task's) listens on its own loopback address, on its container port.
 *
 * <p>Stopping drains first, as a container that traps SIGTERM does within ECS's stop timeout:
 * no new work, admitted requests finished (up to {@code drainTimeout}), then the server closes.
 */
public final class ImageServerRuntime implements ContainerRuntime {

    private final Vertx vertx;
    private final ImageServerSettings settings;
    private final EventSink events;
    private final Duration drainTimeout;
    private final Set<String> workers;
    private final Map<String, Running> running = new ConcurrentHashMap<>();

    private record Running(ImageServer server, String deploymentId) {
    }

    /**
     * @param events       shared by every server (one Kafka producer for the demo)
     * @param drainTimeout how long a stopping server may finish its requests
     */
    public ImageServerRuntime(Vertx vertx, ImageServerSettings settings, EventSink events, Duration drainTimeout) {
        this(vertx, settings, events, drainTimeout, Set.of());
    }

    /**
     * @param workers services whose tasks are queue workers: they send no request events, as a worker
     *                serves no requests (the demo hands them their jobs over HTTP, which is not traffic)
     */
    public ImageServerRuntime(Vertx vertx, ImageServerSettings settings, EventSink events, Duration drainTimeout,
                              Set<String> workers) {
        this.workers = Set.copyOf(workers);
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.events = Objects.requireNonNull(events, "events");
        this.drainTimeout = Objects.requireNonNull(drainTimeout, "drainTimeout");
    }

    @Override
    public Future<Integer> start(TaskLaunch launch) {
        EventSink sink = workers.contains(launch.serviceName()) ? EventSink.NONE : events;
        ImageServer server = new ImageServer(launch.serviceName(), taskId(launch.taskArn()), settings, sink)
                .listenOn(launch.host(), launch.awsvpc() ? launch.containerPort() : 0);
        return vertx.deployVerticle(server).map(id -> {
            running.put(launch.taskArn(), new Running(server, id));
            return server.port();
        });
    }

    @Override
    public Future<Void> stop(TaskLaunch launch) {
        Running r = running.remove(launch.taskArn());
        if (r == null) {
            return Future.succeededFuture(); // never started, or stopped already: stopping is idempotent
        }
        return r.server().drain(drainTimeout).compose(drained -> vertx.undeploy(r.deploymentId()));
    }

    /** Servers running now. */
    public int runningCount() {
        return running.size();
    }

    /** The server of a task, if it runs (for the demo's summary and tests). */
    public ImageServer server(String taskArn) {
        Running r = running.get(taskArn);
        return r == null ? null : r.server();
    }

    /** The task id is the ARN's last segment: {@code arn:aws:ecs:…:task/cluster/0f3c…} → {@code 0f3c…}. */
    static String taskId(String taskArn) {
        int slash = taskArn.lastIndexOf('/');
        return slash < 0 ? taskArn : taskArn.substring(slash + 1);
    }
}
