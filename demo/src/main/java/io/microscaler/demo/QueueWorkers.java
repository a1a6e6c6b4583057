package io.microscaler.demo;

import io.microscaler.localcloud.TaskLaunch;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.ecs.EcsAsyncClient;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * A queue and the worker processes of the scale-to-zero demo: each RUNNING task of the ECS service
 * takes jobs from the queue, one at a time, at most {@code jobsPerSecond} a second, and a job is
 * done when that task's container has answered it (a tile rendered by the task's image server, on
 * its host port). So "a job done" means the task's process is up and working, not only that ECS
 * says RUNNING. A job whose task does not answer (it is stopping) goes back to the queue.
 *
 * <p>The tasks are found as a worker would be run: through ECS (ListTasks, DescribeTasks for the
 * host port), four times a second. Counters are read from any thread.
 */
final class QueueWorkers extends VerticleBase {

    static final long FIND_TASKS_EVERY_MS = 250;
    /** An idle task looks at the queue this often. */
    static final long IDLE_POLL_MS = 50;

    private final EcsAsyncClient ecs;
    private final String cluster;
    private final String service;
    private final long jobMillis;
    private final DeepZoom jobs = new DeepZoom(new Random(21));
    /** Task ARN → host port of the tasks RUNNING at the last look; each has its own loop while it is here. */
    private final Map<String, Integer> running = new HashMap<>();
    private HttpClient client;
    private long timer = -1;
    private boolean looking;
    // jobs arrive from the demo's thread and are taken on the verticle's context
    private final AtomicLong waiting = new AtomicLong();
    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong requeued = new AtomicLong();

    QueueWorkers(EcsAsyncClient ecs, String cluster, String service, double jobsPerSecond) {
        this.ecs = ecs;
        this.cluster = cluster;
        this.service = service;
        this.jobMillis = Math.round(1000 / jobsPerSecond);
    }

    @Override
    public Future<?> start() {
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(2000));
        timer = vertx.setPeriodic(0, FIND_TASKS_EVERY_MS, id -> findTasks());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return client == null ? Future.succeededFuture() : client.close();
    }

    /** Jobs arrive on the queue: counted in {@link #depth()} when this returns. Safe from any thread. */
    void arrive(long n) {
        depth.addAndGet(n);
        waiting.addAndGet(n);
    }

    /** Jobs waiting or being worked on. */
    long depth() {
        return depth.get();
    }

    long done() {
        return done.get();
    }

    /** Jobs a stopping task did not finish, put back on the queue. */
    long requeued() {
        return requeued.get();
    }

    private void findTasks() {
        if (looking) {
            return;
        }
        looking = true;
        on(ecs.listTasks(b -> b.cluster(cluster).serviceName(service).desiredStatus(DesiredStatus.RUNNING)))
                .compose(list -> list.taskArns().isEmpty() ? Future.succeededFuture(List.<Task>of())
                        : on(ecs.describeTasks(b -> b.cluster(cluster).tasks(list.taskArns()))).map(r -> r.tasks()))
                .onComplete(found -> {
                    looking = false;
                    if (found.failed()) {
                        return; // the cloud did not answer this look; the tasks keep working meanwhile
                    }
                    Map<String, Integer> now = new HashMap<>();
                    for (Task t : found.result()) {
                        if ("RUNNING".equals(t.lastStatus()) && !t.containers().isEmpty()
                                && !t.containers().get(0).networkBindings().isEmpty()) {
                            now.put(t.taskArn(), t.containers().get(0).networkBindings().get(0).hostPort());
                        }
                    }
                    running.keySet().retainAll(now.keySet()); // gone: their loops end after the job in hand
                    now.forEach((arn, port) -> {
                        if (running.putIfAbsent(arn, port) == null) {
                            work(arn, port);
                        }
                    });
                });
    }

    /** One task's loop: take a job, have the task do it, pause to its pace, again; while the task runs. */
    private void work(String arn, int port) {
        if (!running.containsKey(arn)) {
            return;
        }
        if (waiting.getAndUpdate(n -> n > 0 ? n - 1 : 0) == 0) {
            vertx.setTimer(IDLE_POLL_MS, id -> work(arn, port));
            return;
        }
        long started = System.nanoTime();
        client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(TaskLaunch.BRIDGE_HOST).setPort(port)
                        .setURI(jobs.nextPath()).setTimeout(5000))
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> response.statusCode()))
                .onComplete(answer -> {
                    boolean ok = answer.succeeded() && answer.result() / 100 == 2;
                    if (ok) {
                        done.incrementAndGet();
                        depth.decrementAndGet();
                    } else {
                        waiting.incrementAndGet();
                        requeued.incrementAndGet();
                    }
                    long tookMs = (System.nanoTime() - started) / 1_000_000;
                    vertx.setTimer(Math.max(1, jobMillis - tookMs), id -> work(arn, port));
                });
    }

    private <T> Future<T> on(CompletableFuture<T> call) {
        return Future.fromCompletionStage(call, context);
    }
}
