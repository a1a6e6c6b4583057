package io.microscaler.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Prometheus (Debian's package) started by hand on loopback for a test: its own config
 * scraping one target every second, its own TSDB in a temporary folder, a free port. Queried
 * through its HTTP API with the JDK client.
 */
final class PrometheusServer implements AutoCloseable {

    static final Path DEBIAN_BINARY = Path.of("/usr/bin/prometheus");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path home;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, Path home, int port) {
        this.process = process;
        this.home = home;
        this.port = port;
    }

    /** The binary: {@code prometheus} on the PATH, else Debian's {@code /usr/bin/prometheus}. */
    static Optional<Path> binary() {
        String path = System.getenv().getOrDefault("PATH", "");
        Optional<Path> onPath = Stream.of(path.split(java.io.File.pathSeparator)).filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, "prometheus")).filter(Files::isExecutable).findFirst();
        return onPath.or(() -> Files.isExecutable(DEBIAN_BINARY) ? Optional.of(DEBIAN_BINARY) : Optional.empty());
    }

    /**
     * Starts Prometheus scraping {@code http://127.0.0.1:<targetPort>/metrics} every second and
     * returns once it answers ready. Its log goes to {@code log}.
     */
    static PrometheusServer start(Path binary, int targetPort, Path log) throws IOException, InterruptedException {
        Path home = Files.createTempDirectory("microscaler-prometheus");
        Path config = home.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: microscaler
                    metrics_path: /metrics
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(targetPort));
        int port = freePort();
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + home.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        PrometheusServer server = new PrometheusServer(process, home, port);
        try {
            server.awaitReady(Duration.ofSeconds(20));
        } catch (IOException | RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + " at start");
            }
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("prometheus not ready within " + timeout.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(100); // polling a child process's start, no event loop here
        }
    }

    /** An instant query at now: the {@code data.result} array. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        return data("/api/v1/query?query=" + encode(promql));
    }

    /** A range query, as Grafana runs a time series panel or an annotation: the {@code data.result} array. */
    JsonNode queryRange(String promql, Instant from, Instant to, Duration step) throws IOException, InterruptedException {
        return data("/api/v1/query_range?query=" + encode(promql) + "&start=" + from.getEpochSecond()
                + "&end=" + to.getEpochSecond() + "&step=" + step.toSeconds());
    }

    /** Values of a label among the series of {@code match}. */
    List<String> labelValues(String label, String match) throws IOException, InterruptedException {
        JsonNode values = data("/api/v1/label/" + label + "/values?match[]=" + encode(match));
        return Stream.of(JSON.treeToValue(values, String[].class)).toList();
    }

    private JsonNode data(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = get(pathAndQuery);
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IllegalStateException("GET " + pathAndQuery + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        JsonNode data = body.path("data");
        return data.has("result") ? data.path("result") : data;
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is not worth failing a test for
        }
    }
}
