package io.microscaler.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.microscaler.api.ApiVerticle;
import io.microscaler.observability.Metrics;
import io.microscaler.testing.KafkaBrokerExtension;
import io.microscaler.testing.KafkaTestBroker;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The container health check (the same command in the Dockerfile's HEALTHCHECK, the ECS task
 * definition file and the CloudFormation stack) run as Docker and ECS run it, {@code sh -c}, against
 * the app's real HTTP API: it passes once the app is ready (broker reachable) and fails while it is
 * not, or when nothing listens. The port comes from MICROSCALER_HTTP_PORT, as in a container that sets it.
 */
@ExtendWith(KafkaBrokerExtension.class)
class HealthCheckIT {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void theDeployFilesHealthCheckPassesOnAReadyAppAndFailsOtherwise(KafkaTestBroker broker) throws Exception {
        String command = healthCheckCommand();
        assumeThat(Files.isExecutable(Path.of("/usr/bin/curl")) || Files.isExecutable(Path.of("/bin/curl")))
                .as("curl, which the image installs for its health check").isTrue();

        int ready = startApi(Map.of("bootstrap.servers", broker.bootstrapServers()));
        await().atMost(Duration.ofSeconds(30)).until(() -> exitCode(command, ready) == 0);

        int unreachableBroker = startApi(Map.of("bootstrap.servers", "127.0.0.1:" + closedPort(),
                "default.api.timeout.ms", "2000", "request.timeout.ms", "1000"));
        assertThat(exitCode(command, unreachableBroker)).as("503 while the broker is unreachable").isNotZero();
        assertThat(exitCode(command, closedPort())).as("nothing listening").isNotZero();
    }

    /** The one command all three deploy files use. */
    private static String healthCheckCommand() {
        String docker = DockerfileTest.healthCheckCommand(Dockerfile.parse(DeployFiles.read(DeployFiles.DOCKERFILE)));
        List<String> ecs = TaskDefinitionFile.read().container().healthCheck().command();
        Object stack = TemplateReferences.asMap(StackTemplate.container(StackTemplate.read().autoscalerTaskDefinition())
                .get("HealthCheck")).get("Command");
        assertThat(ecs).containsExactly("CMD-SHELL", docker);
        assertThat(stack).isEqualTo(ecs);
        return docker;
    }

    private int startApi(Map<String, String> admin) throws Exception {
        ApiVerticle api = new ApiVerticle("127.0.0.1", 0, 0, admin, Metrics.newRegistry());
        vertx.deployVerticle(api).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return api.actualPort();
    }

    private static int exitCode(String command, int port) throws IOException, InterruptedException {
        ProcessBuilder shell = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        shell.environment().put("MICROSCALER_HTTP_PORT", Integer.toString(port));
        Process process = shell.start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the health check did not finish within 30 s");
        }
        return process.exitValue();
    }

    /** A loopback port nothing listens on (just closed). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
