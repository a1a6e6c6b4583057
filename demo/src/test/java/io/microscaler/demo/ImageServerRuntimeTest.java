package io.microscaler.demo;

import static io.microscaler.demo.DemoTestSupport.await;
import static io.microscaler.demo.DemoTestSupport.get;
import static io.microscaler.demo.DemoTestSupport.getNow;
import static io.microscaler.demo.DemoTestSupport.join;
import static io.microscaler.demo.DemoTestSupport.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.microscaler.demo.DemoTestSupport.RecordingSink;
import io.microscaler.ingest.RequestEvent;
import io.microscaler.localcloud.TaskLaunch;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ImageServerRuntimeTest {

    private static TaskLaunch launch(String taskId) {
        return new TaskLaunch("arn:aws:ecs:eu-west-1:000000000000:task/demo/" + taskId, "demo",
                "arn:aws:ecs:eu-west-1:000000000000:task-definition/iiif:1", "service:iiif", "iiif", 8080, "i-0abc");
    }

    @Test
    void aStartedTaskServesOnItsHostPortAndReportsItsServiceAndTaskId(Vertx vertx) {
        RecordingSink sink = new RecordingSink();
        ImageServerRuntime runtime = new ImageServerRuntime(vertx, settings(2, 10, 5), sink, Duration.ofSeconds(5));

        int port = await(runtime.start(launch("0f3c9a")));
        int other = await(runtime.start(launch("7b21de")));

        assertThat(port).isPositive().isNotEqualTo(other);
        assertThat(runtime.runningCount()).isEqualTo(2);
        assertThat(getNow(port, "/iiif/x/info.json").statusCode()).isEqualTo(200);
        // The event is emitted once the response has ended, on the server's context: it may trail the client's read
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.events().stream().anyMatch(RequestEvent.class::isInstance));
        RequestEvent e = sink.events().stream().filter(RequestEvent.class::isInstance).map(RequestEvent.class::cast)
                .findFirst().orElseThrow(); // the servers' per-second heartbeats come too
        assertThat(e.service()).isEqualTo("iiif");
        assertThat(e.task()).isEqualTo("0f3c9a");
    }

    @Test
    void aQueueWorkersTasksSendNoEventsTheOthersDo(Vertx vertx) {
        RecordingSink sink = new RecordingSink();
        ImageServerRuntime runtime = new ImageServerRuntime(vertx, settings(2, 10, 5), sink, Duration.ofSeconds(5),
                Set.of("worker"));
        TaskLaunch worker = new TaskLaunch("arn:aws:ecs:eu-west-1:000000000000:task/demo/5e11aa", "demo",
                "arn:aws:ecs:eu-west-1:000000000000:task-definition/worker:1", "service:worker", "worker", 8080, "i-0abc");

        int workerPort = await(runtime.start(worker));
        int iiifPort = await(runtime.start(launch("0f3c9a")));
        assertThat(getNow(workerPort, "/iiif/x/info.json").statusCode()).as("a worker's task still does its work").isEqualTo(200);
        assertThat(getNow(iiifPort, "/iiif/x/info.json").statusCode()).isEqualTo(200);

        // two sends from iiif (its request event, its summary each second): the worker's would be out by then
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.sent.stream().filter(e -> e.key().equals("iiif")).count() >= 2);
        assertThat(sink.sent).extracting(DemoTestSupport.Sent::key).doesNotContain("worker");
    }

    @Test
    void stoppingDrainsInFlightRequestsThenClosesThePort(Vertx vertx) {
        ImageServerRuntime runtime = new ImageServerRuntime(vertx, settings(1, 10, 300), EventSink.NONE,
                Duration.ofMinutes(5));
        TaskLaunch launch = launch("0f3c9a");
        int port = await(runtime.start(launch));
        ImageServer server = runtime.server(launch.taskArn());
        CompletableFuture<HttpResponse<byte[]>> inFlight = get(port, "/iiif/a/full/512,/0/default.jpg");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.inFlight() == 1);

        await(runtime.stop(launch));

        assertThat(join(inFlight).statusCode()).as("answered before the container stopped").isEqualTo(200);
        assertThat(runtime.runningCount()).isZero();
        HttpHealthProbe probe = new HttpHealthProbe(vertx, Duration.ofSeconds(1));
        assertThat(await(probe.check("127.0.0.1", port, "/health"))).as("nothing listens any more").isFalse();
        assertThat(await(runtime.stop(launch))).as("stopping twice is harmless").isNull();
    }

    @Test
    void theHealthProbeSaysYesOnlyFor2xxOr3xxInTime(Vertx vertx) throws IOException {
        ImageServerRuntime runtime = new ImageServerRuntime(vertx, settings(1, 10, 5), EventSink.NONE, Duration.ofSeconds(1));
        int port = await(runtime.start(launch("a")));
        HttpHealthProbe probe = new HttpHealthProbe(vertx, Duration.ofMillis(500));

        assertThat(await(probe.check("127.0.0.1", port, "/health"))).isTrue();
        assertThat(await(probe.check("127.0.0.1", port, "/nope"))).as("404").isFalse();

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThat(await(probe.check("127.0.0.1", closed, "/health"))).as("connection refused").isFalse();

        // a server that accepts and never answers: the timeout decides
        int silent = await(vertx.createHttpServer().requestHandler(request -> { }).listen(0, "127.0.0.1")).actualPort();
        assertThat(await(probe.check("127.0.0.1", silent, "/health"))).as("no answer in time").isFalse();
        await(probe.close());
    }

    @Test
    void theTaskIdIsTheLastSegmentOfTheArn() {
        assertThat(ImageServerRuntime.taskId("arn:aws:ecs:r:1:task/cluster/abc123")).isEqualTo("abc123");
        assertThat(ImageServerRuntime.taskId("plain")).isEqualTo("plain");
    }
}
