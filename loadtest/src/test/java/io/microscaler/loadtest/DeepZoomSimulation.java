package io.microscaler.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.doSwitch;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.onCase;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.Choice;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * People looking at images in a deep-zoom viewer: each virtual user opens a random image
 * ({@code GET /iiif/{id}/info.json}), reads its tile pyramid from the answer, and fetches tiles as
 * a viewer does ({@link DeepZoomViewer}): the coarse levels first, then bursts of 10–40 tiles as
 * it zooms and pans, with think times between. A burst's tiles are fetched concurrently over up
 * to 6 connections, as a browser does. Every request is checked for status 200 and a response time
 * under {@code maxResponseMs}.
 *
 * <p>The load is an open model ({@link LoadProfile}: {@code -Dprofile=steady|ramp|spike|trace|smoke}),
 * sent to {@code -DbaseUrl=} (default the demo's load balancer, http://127.0.0.1:8081; in
 * production an ALB's DNS name). The run fails when more than {@code maxFailedPercent} (1) of the
 * requests failed or the p95 is not under {@code p95Ms} (2000).
 */
public class DeepZoomSimulation extends Simulation {

    private static final Map<String, String> PROPS = properties();
    private static final String BASE_URL = PROPS.getOrDefault("baseUrl", "http://127.0.0.1:8081");
    private static final int MAX_RESPONSE_MS = (int) number("maxResponseMs", 10_000, 1);
    private static final int P95_MS = (int) number("p95Ms", 2000, 1);
    private static final double MAX_FAILED_PERCENT = number("maxFailedPercent", 1, 0);
    private static final Path RUN_INFO = Path.of(PROPS.getOrDefault("runInfo", "target/last-run.properties"));

    private static final LoadProfile PROFILE = new LoadProfile(PROPS);
    private static final ViewerSettings VIEWER = PROFILE.viewer();

    /** Rates are in requests/s; viewers are what arrive: the demo's pyramid sets the conversion. */
    private final DeepZoomViewer.SessionShape session = new DeepZoomViewer(Pyramid.demo(), VIEWER).shape();
    private final LoadProfile.Plan plan = PROFILE.plan(session);
    private final ImageIds ids = ImageIds.from(PROPS);

    private final HttpProtocolBuilder protocol = http.baseUrl(BASE_URL)
            .acceptHeader("image/jpeg,image/*;q=0.8,application/json;q=0.5")
            .userAgentHeader("microscaler-loadtest DeepZoomSimulation (Gatling)")
            .maxConnectionsPerHost(6) // a browser's limit: a burst waits for connections as it would there
            .disableWarmUp(); // Gatling would warm up against a host on the internet: loopback only here

    private final ScenarioBuilder viewers = scenario("deep-zoom viewer")
            .feed(ids.feeder())
            .exec(http("info.json").get("/iiif/#{id}/info.json").check(
                    status().is(200), responseTimeInMillis().lte(MAX_RESPONSE_MS),
                    jsonPath("$.width").ofInt().saveAs("width"),
                    jsonPath("$.height").ofInt().saveAs("height"),
                    jsonPath("$.tiles[0].width").ofInt().optional().saveAs("tileSize"),
                    jsonPath("$.tiles[0].scaleFactors[*]").ofInt().findAll().optional().saveAs("scaleFactors")))
            .exitHereIfFailed()
            .exec(DeepZoomSimulation::planViews)
            .repeat("#{views.size()}", "view").on(
                    exec(DeepZoomSimulation::nextBurst)
                            .doSwitch("#{burstSize}").on(bursts(VIEWER.burstMax()))
                            .pause(VIEWER.thinkMin(), VIEWER.thinkMax()));

    {
        System.out.printf("DeepZoomSimulation: %s against %s; a viewer session makes %.0f requests in about %.0f s%n",
                plan.description(), BASE_URL, session.requests(), session.seconds());
        SetUp setUp = setUp(viewers.injectOpen(injection(plan.steps())))
                .protocols(protocol)
                .assertions(global().failedRequests().percent().lte(MAX_FAILED_PERCENT),
                        global().responseTime().percentile(95.0).lt(P95_MS));
        plan.maxDuration().ifPresent(setUp::maxDuration);
    }

    @Override
    public void before() {
        try {
            new RunInfo(System.currentTimeMillis(), plan.profile(), BASE_URL, plan.phases()).write(RUN_INFO);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run info " + RUN_INFO, e);
        }
    }

    /** After info.json: the session's views from the image's own pyramid (the demo's if the answer lacks tiles). */
    private static Session planViews(Session session) {
        Pyramid demo = Pyramid.demo();
        List<Integer> factors = session.contains("scaleFactors") ? session.getList("scaleFactors") : demo.scaleFactors();
        Pyramid pyramid = new Pyramid(session.getInt("width"), session.getInt("height"),
                session.contains("tileSize") ? session.getInt("tileSize") : demo.tileSize(), factors);
        String id = session.getString("id");
        List<Map<String, Object>> views = new ArrayList<>();
        for (DeepZoomViewer.View v : new DeepZoomViewer(pyramid, VIEWER).session(ThreadLocalRandom.current())) {
            Map<String, Object> view = new HashMap<>();
            view.put("paths", v.tiles().stream().map(t -> pyramid.path(id, t)).toList());
            // Named by zoom level, so Gatling's report shows the latency of each level
            view.put("names", v.tiles().stream().map(t -> "tile 1/" + t.scaleFactor()).toList());
            views.add(view);
        }
        return session.set("views", views);
    }

    /** Puts the current view's tiles where the burst chains read them. */
    private static Session nextBurst(Session session) {
        List<Map<String, Object>> views = session.getList("views");
        Map<String, Object> view = views.get(session.getInt("view"));
        List<?> paths = (List<?>) view.get("paths");
        return session.set("paths", paths).set("names", view.get("names")).set("burstSize", paths.size());
    }

    /**
     * One chain per burst size: the first tile, then the others as its resources, which Gatling
     * fetches concurrently (its way of loading a page's images). A resource list is fixed when the
     * chain is built, hence a chain per size, chosen by the burst's size.
     */
    private static List<Choice.WithKey> bursts(int max) {
        return IntStream.rangeClosed(1, max).mapToObj(size -> onCase(size).then(exec(
                tile(0).resources(IntStream.range(1, size).mapToObj(DeepZoomSimulation::tile).toList())))).toList();
    }

    private static HttpRequestActionBuilder tile(int index) {
        return http("#{names(" + index + ")}").get("#{paths(" + index + ")}").check(checks());
    }

    private static List<CheckBuilder> checks() {
        return List.of(status().is(200), responseTimeInMillis().lte(MAX_RESPONSE_MS));
    }

    private static List<OpenInjectionStep> injection(List<InjectionStep> steps) {
        return steps.stream().map(DeepZoomSimulation::gatling).toList();
    }

    private static OpenInjectionStep gatling(InjectionStep step) {
        if (step instanceof InjectionStep.Constant c) {
            return constantUsersPerSec(c.usersPerSecond()).during(c.seconds()).randomized();
        }
        if (step instanceof InjectionStep.Ramp r) {
            return rampUsersPerSec(r.fromUsersPerSecond()).to(r.toUsersPerSecond()).during(r.seconds());
        }
        if (step instanceof InjectionStep.Users u) {
            return rampUsers(u.users()).during(u.seconds());
        }
        return nothingFor(step.seconds());
    }

    /** A numeric property of at least {@code min}, refused naming key, value and expectation. */
    private static double number(String key, double fallback, double min) {
        String v = PROPS.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (d >= min && d <= Integer.MAX_VALUE) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " '" + v + "': expected a number ≥ " + (long) min);
    }

    private static Map<String, String> properties() {
        Map<String, String> map = new HashMap<>();
        System.getProperties().forEach((k, v) -> map.put(k.toString(), v.toString()));
        return map;
    }
}
