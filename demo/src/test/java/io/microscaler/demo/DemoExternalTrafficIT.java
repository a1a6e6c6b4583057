package io.microscaler.demo;

import static io.microscaler.demo.DemoTestSupport.get;
import static io.microscaler.demo.DemoTestSupport.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code demo --traffic external}, what Gatling runs against: everything but the traffic
 * generator. Without load from outside the load balancer receives nothing (no generator runs);
 * requests sent to it are served by the image servers, counted in the progress lines and, exactly,
 * in the summary; it lives through the faults the README tells users to inject (its progress reads
 * once died of the first throttle); and {@link Demo#stop()} (what
 * SIGTERM does) ends the demo early and cleanly.
 */
@Tag("slow")
class DemoExternalTrafficIT {

    private static final Pattern CLOUD = Pattern.compile("local cloud (http://127\\.0\\.0\\.1:\\d+)");
    /** The README's fault command, word for word. */
    private static final String README_FAULT = "{\"operation\":\"ecs:*\",\"throttleRate\":0.3,\"serverErrorRate\":0.1,\"latencyMs\":20}";
    private static final Pattern BEHIND = Pattern.compile("behind http://127\\.0\\.0\\.1:(\\d+)/iiif/");
    private static final Pattern PROGRESS = Pattern.compile("t=\\s*(\\d+)s offered\\s+(\\S+)/s served\\s+(\\S+)/s p95\\s+(\\S+) ms");
    private static final int SENT = 40;

    private final ExecutorService runner = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopRunner() {
        runner.shutdownNow();
    }

    @Test
    void onlyExternalLoadReachesTheLoadBalancerAndItIsCountedUntilTheDemoIsStopped() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(); // synchronized: written by the demo, read here
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Demo demo = new Demo(new DemoOptions("spike", 1, Duration.ofMinutes(5), 0, 0, DemoOptions.Traffic.EXTERNAL, null), out);
        Future<Integer> exit = runner.submit(() -> demo.run(Map.of()));

        await().atMost(Duration.ofSeconds(60)).until(() -> BEHIND.matcher(text(bytes)).find() || exit.isDone());
        Matcher behind = BEHIND.matcher(text(bytes));
        assertThat(behind.find()).as("the demo announces its load balancer:%n%s", text(bytes)).isTrue();
        int lbPort = Integer.parseInt(behind.group(1));
        assertThat(text(bytes)).contains("traffic from outside (e.g. Gatling) to port " + lbPort);

        // Two progress lines (t≈1 s and t≈6 s) with no load sent: no generator is running
        await().atMost(Duration.ofSeconds(30)).until(() -> progress(text(bytes)).size() >= 2);
        for (String[] line : progress(text(bytes))) {
            assertThat(line[1]).as("offered before any load was sent, at t=%s s", line[0]).isEqualTo("0");
            assertThat(line[3]).as("p95 with no answers").isEqualTo("-");
        }

        List<CompletableFuture<HttpResponse<byte[]>>> calls = new ArrayList<>();
        DeepZoom paths = new DeepZoom(new Random(7));
        for (int i = 0; i < SENT; i++) {
            calls.add(get(lbPort, paths.nextPath()));
        }
        calls.forEach(c -> assertThat(join(c).statusCode()).isEqualTo(200));

        await().atMost(Duration.ofSeconds(20)).until(() -> progress(text(bytes)).stream()
                .anyMatch(line -> !line[1].equals("0") && !line[3].equals("-")));

        // The README's fault command: the demo reads ECS every second and must outlive its throttles
        Matcher cloudAt = CLOUD.matcher(text(bytes));
        assertThat(cloudAt.find()).as(text(bytes)).isTrue();
        URI cloud = URI.create(cloudAt.group(1));
        assertThat(post(cloud, "/_localcloud/faults", README_FAULT).statusCode()).isEqualTo(200);
        int linesBefore = progress(text(bytes)).size();
        await().atMost(Duration.ofSeconds(40)).until(() -> progress(text(bytes)).size() >= linesBefore + 3 || exit.isDone());
        assertThat(exit.isDone()).as("the demo ended under the README's faults:%n%s", text(bytes)).isFalse();
        JsonObject injected = new JsonObject(text(DemoTestSupport.join(DemoTestSupport.HTTP.sendAsync(
                HttpRequest.newBuilder(cloud.resolve("/_localcloud/faults")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray())))).getJsonObject("injected");
        assertThat(injected.getLong("throttled")).as("throttles the demo lived through").isPositive();

        demo.stop();
        assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
        String text = text(bytes);
        assertThat(text).contains("demo: stopped after").contains("demo summary:")
                .contains("load balancer: " + SENT + " requests from outside, 0 answered 5xx");
    }

    private static HttpResponse<byte[]> post(URI cloud, String path, String json) {
        return DemoTestSupport.join(DemoTestSupport.HTTP.sendAsync(HttpRequest.newBuilder(cloud.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofByteArray()));
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Each progress line as {t, offered, served, p95}. */
    private static List<String[]> progress(String text) {
        List<String[]> lines = new ArrayList<>();
        Matcher m = PROGRESS.matcher(text);
        while (m.find()) {
            lines.add(new String[] {m.group(1), m.group(2), m.group(3), m.group(4)});
        }
        return lines;
    }
}
