package io.microscaler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.microscaler.service.Microscaler;
import io.microscaler.config.ConfigLoader;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.demo.Demo;
import io.microscaler.demo.LocalWorld;
import io.microscaler.demo.Scenario;
import io.microscaler.demo.TrafficGenerator;
import io.microscaler.demo.TrafficSettings;
import io.microscaler.localcloud.LocalCloudSettings;
import io.microscaler.testing.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The status page in a real browser during a real demo: the local world (Kafka, local cloud, image
 * servers, load balancer), the autoscaler pointed at it with the ECS actuator, and the spike
 * scenario shortened to start after {@value #SPIKE_START_S} s. Headless Chromium opens {@code /}
 * and the test reads what the page shows: the charts gain points every second, decisions appear
 * with their reasons, and after the spike begins a scale-out appears, the running tasks follow
 * and the load chart rises.
 * It saves a screenshot to {@code target/screenshots/status-page.png} as a build artifact.
 *
 * <p>Skipped, with a message, only when no Chromium binary is found ({@code .ci/run} installs
 * Debian's {@code chromium}).
 */
@Tag("slow")
class StatusPageBrowserIT {

    static final int SPIKE_START_S = 12;
    static final String CARD = "document.querySelector('.card[data-service=\"iiif\"]')";
    static final Path SCREENSHOT = Path.of("target", "screenshots", "status-page.png");
    static final String DAY_HALF = "{\"name\": \"%s\", \"start\": \"%s\", \"end\": \"%s\", \"timeZone\": \"UTC\", \"minTasks\": 2}";
    /** The demo's local cloud (tasks RUNNING 3 s after the call, healthy 2 s later), with instances that boot in 1 s, not 10 s. */
    static final LocalCloudSettings CLOUD;

    static {
        LocalCloudSettings demo = LocalCloudSettings.demo();
        CLOUD = new LocalCloudSettings(demo.host(), demo.port(), demo.region(), demo.accountId(), demo.taskStartDelay(),
                demo.taskStopTimeout(), demo.healthCheckInterval(), demo.deregistrationDelay(), Duration.ofSeconds(1),
                demo.spotInterruptionNotice(), demo.seed());
    }

    @Test
    void theStatusPageFollowsASpikeLiveWithChartsTasksAndExplainedDecisions() throws Exception {
        Optional<Path> chromium = HeadlessChromium.find();
        assumeTrue(chromium.isPresent(), "no Chromium found (looked for -Dchromium.binary, /usr/bin/chromium and others):"
                + " install Debian's chromium (apt-get install chromium), as .ci/run does, to run the status page browser test");

        Path configFile = Demo.demoConfigFile();
        Map<String, String> overrides = new HashMap<>(Map.of("http.port", "0"));
        // Two back-to-back schedules with the service's own minimum: one is always active, and
        // harmless, so the card shows an active schedule whenever the test runs.
        overrides.put("services.iiif.schedules", "[" + DAY_HALF.formatted("am", "0 0 * * *", "0 12 * * *") + ", "
                + DAY_HALF.formatted("pm", "0 12 * * *", "0 0 * * *") + "]");
        MicroscalerConfig config = ConfigLoader.load(configFile, Map.of(), overrides);
        try (LocalWorld world = LocalWorld.start(config, 0, CLOUD)) {
            overrides.putAll(world.autoscalerOverrides());
            Microscaler microscaler = Microscaler.start(ConfigLoader.load(configFile, Map.of(), overrides), Clock.systemUTC())
                    .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            try (HeadlessChromium browser = HeadlessChromium.start(chromium.get(), 1280, 1000)) {
                long trafficStart = System.currentTimeMillis();
                var spike = new Scenario.Spike(Scenario.Spike.DEFAULT_BASE, Scenario.Spike.DEFAULT_FACTOR,
                        Duration.ofSeconds(SPIKE_START_S), Duration.ofSeconds(60));
                world.vertx().deployVerticle(new TrafficGenerator(spike,
                        TrafficSettings.defaults("127.0.0.1", world.loadBalancerPorts().get("iiif"))))
                        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

                browser.navigate("http://127.0.0.1:" + microscaler.httpPort() + "/");
                try {
                    assertChartsUpdate(browser);
                    assertADecisionAppearsWithItsReason(browser);
                    assertTheSpikeIsScaledOutAndTasksFollow(browser, trafficStart + SPIKE_START_S * 1000L);
                    assertTheActiveScheduleIsShown(browser);
                } finally {
                    // Also when an assertion failed: the picture is the first thing to look at then.
                    Files.createDirectories(SCREENSHOT.getParent());
                    Files.write(SCREENSHOT, browser.screenshot());
                }
                byte[] png = Files.readAllBytes(SCREENSHOT);
                assertThat(png).as("a PNG").startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
                assertThat(png.length).as("a page with charts, not a blank one").isGreaterThan(20_000);
            } finally {
                microscaler.close();
            }
        }
    }

    /** A card for the service appears, and its load chart gains points and its newest time moves on. */
    private static void assertChartsUpdate(HeadlessChromium browser) {
        await("a card for iiif with a plotted load chart").atMost(Duration.ofSeconds(30))
                .until(() -> loadPoints(browser) >= 2);
        int before = loadPoints(browser);
        long lastBefore = browser.evaluate(CARD + ".dataset.lastT").asLong();
        String plotted = "[..." + CARD + ".querySelectorAll('.chart > svg')].map(s => +s.dataset.points)";
        await("the charts gaining points").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(loadPoints(browser)).as("load points").isGreaterThan(before);
            assertThat(browser.evaluate(CARD + ".dataset.lastT").asLong()).as("newest point's time").isGreaterThan(lastBefore);
            // Task counts are plotted once the actuator has read them back, a few seconds in
            assertThat(browser.evaluate(plotted)).as("points of the load, tasks and latency charts")
                    .hasSize(3).allMatch(n -> n.asInt() >= 2);
        });
        assertThat(browser.evaluate("document.body.dataset.connection").asText()).isEqualTo("live");
        assertThat(browser.evaluate(CARD + ".querySelector('.target text').textContent").asText())
                .as("the p95 chart's target line").isEqualTo("target 250 ms");
    }

    /** The card names the schedule in force, its bounds and until when (read from /api/services). */
    private static void assertTheActiveScheduleIsShown(HeadlessChromium browser) {
        await("the active schedule on the card").atMost(Duration.ofSeconds(15))
                .until(() -> !browser.evaluate(CARD + ".dataset.schedule || ''").asText().isEmpty());
        String name = browser.evaluate(CARD + ".dataset.schedule").asText();
        assertThat(name).isIn("am", "pm");
        assertThat(browser.evaluate(CARD + ".querySelector('.schedule').textContent").asText())
                .matches("schedule " + name + ": tasks 2–40 \\(daily (00:00–12:00|12:00–00:00) UTC, until (\\w{3} \\d{4}-\\d\\d-\\d\\d )?\\d\\d:\\d\\d\\)");
    }

    private static void assertADecisionAppearsWithItsReason(HeadlessChromium browser) {
        await("a decision in the list").atMost(Duration.ofSeconds(30))
                .until(() -> browser.evaluate(CARD + ".querySelectorAll('.decisions li[data-reason]').length").asInt() > 0);
        JsonNode newest = browser.evaluate("(() => { const li = " + CARD + ".querySelector('.decisions li[data-reason]');"
                + " return {reason: li.querySelector('.reason').textContent, change: li.querySelector('.change').textContent,"
                + " message: li.querySelector('.message').textContent, time: li.querySelector('.time').textContent}; })()");
        assertThat(newest.path("reason").asText()).matches("[a-z]+(-[a-z]+)*");
        assertThat(newest.path("change").asText()).matches("[▲▼■] \\d+ → \\d+");
        assertThat(newest.path("message").asText()).as("the figures behind it").matches(".*\\d.*");
        assertThat(newest.path("time").asText()).matches("\\d\\d:\\d\\d:\\d\\d");
    }

    /**
     * After the spike starts: a scale-out decision is listed, the running tasks reach its count, and
     * the load chart has risen well above the load before the spike (base 80/s, spike 400/s; how
     * much is served depends on how busy the machine is, so a doubling is asked for, not 5 times).
     */
    private static void assertTheSpikeIsScaledOutAndTasksFollow(HeadlessChromium browser, long spikeStart) {
        String upAfterSpike = "[..." + CARD + ".querySelectorAll('.decisions li[data-direction=\"up\"]')]"
                + ".filter(li => +li.dataset.ts >= " + spikeStart + ")";
        await("a scale-out decision after the spike began").atMost(Duration.ofSeconds(45))
                .until(() -> browser.evaluate(upAfterSpike + ".length").asInt() > 0);
        int firstTarget = browser.evaluate(upAfterSpike + ".map(li => +li.dataset.to).pop()").asInt();
        await("running tasks reaching the first scale-out's " + firstTarget).atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(browser.evaluate(CARD + ".dataset.running").asInt())
                        .as("running tasks on the page: %s", pageState(browser)).isGreaterThanOrEqualTo(firstTarget));
        assertThat(browser.evaluate(CARD + ".dataset.healthy").asText()).as("healthy tasks shown").matches("\\d+");

        String rps = "page.services.get('iiif').points.filter(p => p.rps !== null && (p.t < " + spikeStart + ") === %s)"
                + ".reduce((max, p) => Math.max(max, p.rps), 0)";
        double before = browser.evaluate(rps.formatted("true")).asDouble();
        await("the spike's load on the load chart").atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(browser.evaluate(rps.formatted("false")).asDouble())
                        .as("highest requests/s plotted since the spike, against %.1f before it; %s", before, pageState(browser))
                        .isGreaterThan(Math.max(before, 40) * 2));
    }

    /** The newest figures the card shows, for failure messages. */
    private static String pageState(HeadlessChromium browser) {
        return browser.evaluate("JSON.stringify(" + CARD + ".dataset)").asText();
    }

    private static int loadPoints(HeadlessChromium browser) {
        JsonNode n = browser.evaluate("(() => { const c = " + CARD + "; return c ? +c.querySelector('[data-chart=load] svg')"
                + ".dataset.points || 0 : 0; })()");
        return n.asInt();
    }
}
