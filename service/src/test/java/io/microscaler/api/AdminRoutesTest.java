package io.microscaler.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.microscaler.admin.AdminBoard;
import io.microscaler.bus.Addresses;
import io.microscaler.bus.AdminAction;
import io.microscaler.bus.Codecs;
import io.microscaler.config.AdminConfig;
import io.microscaler.config.ConfigLoader;
import io.microscaler.config.HttpConfig;
import io.microscaler.observability.Metrics;
import io.microscaler.override.Pin;
import io.microscaler.override.ServiceOverrides;
import io.microscaler.testing.MutableClock;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin routes' gate and checks, without a broker: the admin state verticle's place on the bus
 * is taken by a stand-in that records each command and answers as the topic would.
 */
@ExtendWith(VertxExtension.class)
class AdminRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALICE = "alice-0123456789abcdef";
    private static final String VIEWER = "viewer-0123456789abcdef";
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final List<AdminAction> COMMANDS = new CopyOnWriteArrayList<>();
    private static int portOn;
    private static int portOff;
    private final List<AdminAction> commands = COMMANDS;
    private int port;

    /** Two API verticles on one Vert.x for the whole class: one with tokens, one without. */
    @BeforeAll
    static void deployBoth(Vertx vertx) throws Exception {
        Codecs.register(vertx.eventBus());
        vertx.eventBus().<AdminAction>localConsumer(Addresses.ADMIN_COMMANDS, m -> {
            COMMANDS.add(m.body());
            m.reply(new ServiceOverrides(m.body().service(), Optional.empty(),
                    Optional.of(new Pin(6, "alice", "deploy", NOW, NOW.plusSeconds(60)))));
        });
        portOn = deploy(vertx, tokens());
        portOff = deploy(vertx, List.of());
    }

    @BeforeEach
    void clear() {
        COMMANDS.clear();
    }

    @Test
    void withoutATokenEveryAdminRouteIs404() throws Exception {
        port = portOff;

        assertThat(post("/api/admin/services/iiif/pause", ALICE, "{\"reason\":\"x\"}").statusCode()).isEqualTo(404);
        HttpResponse<String> list = send(HttpRequest.newBuilder(uri("/api/admin/services")).GET());
        assertThat(list.statusCode()).isEqualTo(404);
        assertThat(list.body()).contains("the admin API is off");
        assertThat(commands).isEmpty();
    }

    @Test
    void noTokenOrAWrongOneIs401WithTheBearerChallenge() throws Exception {
        port = portOn;

        HttpResponse<String> none = post("/api/admin/services/iiif/pause", null, "{\"reason\":\"x\"}");
        HttpResponse<String> wrong = post("/api/admin/services/iiif/pause", ALICE + "x", "{\"reason\":\"x\"}");
        HttpResponse<String> basic = send(HttpRequest.newBuilder(uri("/api/admin/services"))
                .header("Authorization", "Basic " + ALICE).GET());

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"microscaler\"");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"microscaler\", error=\"invalid_token\"");
        assertThat(wrong.body()).doesNotContain(ALICE);
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(commands).isEmpty();
    }

    @Test
    void aReadOnlyTokenReadsButChangesNothing() throws Exception {
        port = portOn;

        assertThat(send(HttpRequest.newBuilder(uri("/api/admin/services")).header("Authorization", "Bearer " + VIEWER)
                .GET()).statusCode()).isEqualTo(200);
        HttpResponse<String> pause = post("/api/admin/services/iiif/pause", VIEWER, "{\"reason\":\"x\"}");

        assertThat(pause.statusCode()).isEqualTo(403);
        assertThat(pause.body()).contains("token 'viewer' is read-only");
        assertThat(commands).isEmpty();
    }

    @Test
    void aPauseIsSentWithWhoAndWhyAndAnsweredWithTheOverrides() throws Exception {
        port = portOn;

        HttpResponse<String> pause = post("/api/admin/services/iiif/pause", ALICE, "{\"reason\":\"incident 42\"}");

        assertThat(pause.statusCode()).as(pause.body()).isEqualTo(200);
        assertThat(commands).containsExactly(AdminAction.of(AdminAction.Kind.PAUSE, "iiif", "alice", "incident 42", NOW));
        JsonNode body = JSON.readTree(pause.body());
        assertThat(body.path("action").asText()).isEqualTo("pause");
        assertThat(body.path("by").asText()).isEqualTo("alice");
        assertThat(body.path("pin").path("count").asInt()).isEqualTo(6); // as the stand-in answered
        assertThat(body.path("pin").path("holding").asBoolean()).isTrue();
    }

    @Test
    void aPinNeedsACountAndAnExpiryWithinMaxPin() throws Exception {
        port = portOn;

        HttpResponse<String> ok = post("/api/admin/services/iiif/pin", ALICE, "{\"count\":6,\"for\":\"30m\",\"reason\":\"deploy\"}");
        HttpResponse<String> until = post("/api/admin/services/iiif/pin", ALICE,
                "{\"count\":3,\"until\":\"2026-12-06T13:00:00Z\",\"reason\":\"deploy\"}");
        HttpResponse<String> noExpiry = post("/api/admin/services/iiif/pin", ALICE, "{\"count\":6,\"reason\":\"deploy\"}");
        HttpResponse<String> tooLong = post("/api/admin/services/iiif/pin", ALICE, "{\"count\":6,\"for\":\"3h\",\"reason\":\"deploy\"}");
        HttpResponse<String> past = post("/api/admin/services/iiif/pin", ALICE,
                "{\"count\":6,\"until\":\"2026-12-06T11:00:00Z\",\"reason\":\"deploy\"}");
        HttpResponse<String> negative = post("/api/admin/services/iiif/pin", ALICE, "{\"count\":-1,\"for\":\"5m\",\"reason\":\"deploy\"}");

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(until.statusCode()).isEqualTo(200);
        assertThat(commands).containsExactly(
                AdminAction.pin("iiif", 6, NOW.plus(Duration.ofMinutes(30)), "alice", "deploy", NOW),
                AdminAction.pin("iiif", 3, Instant.parse("2026-12-06T13:00:00Z"), "alice", "deploy", NOW));
        assertThat(noExpiry.statusCode()).isEqualTo(400);
        assertThat(noExpiry.body()).contains("a pin needs an expiry");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("at most admin.maxPin (2h)");
        assertThat(past.statusCode()).isEqualTo(400);
        assertThat(negative.statusCode()).isEqualTo(400);
    }

    @Test
    void badRequestsAreRefusedBeforeAnythingIsWritten() throws Exception {
        port = portOn;

        assertThat(post("/api/admin/services/iiif/pause", ALICE, "").statusCode()).isEqualTo(400);
        assertThat(post("/api/admin/services/iiif/pause", ALICE, "{}").body()).contains("a reason is required");
        assertThat(post("/api/admin/services/iiif/pause", ALICE, "{\"reason\":\"a\\nforged log line\"}").body())
                .contains("one line of text");
        assertThat(post("/api/admin/services/iiif/pause", ALICE, "[1]").statusCode()).isEqualTo(400);
        assertThat(post("/api/admin/services/nope/pause", ALICE, "{\"reason\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(post("/api/admin/services/iiif/scale", ALICE, "{\"reason\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(post("/api/admin/services/iiif/resume", ALICE, "{\"reason\":\"x\"}").statusCode()).isEqualTo(409);
        HttpResponse<String> big = post("/api/admin/services/iiif/pause", ALICE,
                "{\"reason\":\"" + "x".repeat(AdminRoutes.MAX_BODY) + "\"}");
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(commands).isEmpty();
    }

    private static List<AdminConfig.Token> tokens() {
        return List.of(new AdminConfig.Token("alice", ALICE, false), new AdminConfig.Token("viewer", VIEWER, true));
    }

    private static int deploy(Vertx vertx, List<AdminConfig.Token> tokens) throws Exception {
        // Nothing listens on port 9 of loopback: the readiness checks fail fast and quietly.
        Map<String, String> kafkaAdmin = Map.of("bootstrap.servers", "127.0.0.1:9", "request.timeout.ms", "1000",
                "default.api.timeout.ms", "1000");
        var defaults = ConfigLoader.defaults();
        ApiVerticle api = new ApiVerticle("127.0.0.1", 0, 1, kafkaAdmin, Metrics.newRegistry(),
                Map.of("iiif", new ServiceTargets(250.0, 2, 40)), new MutableClock(NOW), defaults.http().stream(),
                HttpConfig.Readiness.DEFAULTS, Actuation.ACT, new AdminConfig(tokens, Duration.ofHours(2)), new AdminBoard());
        vertx.deployVerticle(api).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return api.actualPort();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
