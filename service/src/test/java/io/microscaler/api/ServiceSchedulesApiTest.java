package io.microscaler.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.microscaler.bus.Codecs;
import io.microscaler.observability.Metrics;
import io.microscaler.schedule.Cron;
import io.microscaler.schedule.Schedule;
import io.microscaler.schedule.Schedules;
import io.microscaler.testing.HttpJson;
import io.microscaler.testing.MutableClock;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /api/services} lists each service's schedules and the one active at the API's clock. */
@ExtendWith(VertxExtension.class)
class ServiceSchedulesApiTest {

    /** Monday 2026-12-07, 09:30 in London (GMT). */
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T09:30:00Z"));
    private HttpJson http;

    @BeforeEach
    void deploy(Vertx vertx) throws Exception {
        Codecs.register(vertx.eventBus());
        ZoneId london = ZoneId.of("Europe/London");
        Schedules schedules = new Schedules(List.of(
                new Schedule("opening-hours", Cron.parse("0 8 * * MON-FRI"), Cron.parse("0 18 * * MON-FRI"), london,
                        OptionalInt.of(6), OptionalInt.empty()),
                Schedule.pinned("weekend", Cron.parse("0 10 * * SAT,SUN"), Cron.parse("0 16 * * SAT,SUN"), london, 3)));
        Map<String, String> admin = Map.of("bootstrap.servers", "127.0.0.1:9", "request.timeout.ms", "1000",
                "default.api.timeout.ms", "1000");
        ApiVerticle api = new ApiVerticle("127.0.0.1", 0, 1, admin, Metrics.newRegistry(),
                Map.of("shop", new ServiceTargets(null, 2, 20, schedules), "plain", new ServiceTargets(null, 1, 10)), clock);
        vertx.deployVerticle(api).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        http = new HttpJson(api.actualPort());
    }

    @Test
    void eachServiceShowsItsSchedulesAndTheActiveOneWithItsBoundsAndEnd() {
        JsonNode shop = http.service("shop");

        assertThat(shop.path("schedules")).hasSize(2);
        JsonNode first = shop.path("schedules").get(0);
        assertThat(first.path("name").asText()).isEqualTo("opening-hours");
        assertThat(first.path("start").asText()).isEqualTo("0 8 * * MON-FRI");
        assertThat(first.path("end").asText()).isEqualTo("0 18 * * MON-FRI");
        assertThat(first.path("timeZone").asText()).isEqualTo("Europe/London");
        assertThat(first.path("minTasks").asInt()).isEqualTo(6);
        assertThat(first.path("maxTasks").isNull()).isTrue();
        assertThat(first.path("active").asBoolean()).isTrue();
        assertThat(shop.path("schedules").get(1).path("active").asBoolean()).isFalse();
        assertThat(shop.path("schedules").get(1).path("minTasks").asInt()).isEqualTo(3);

        JsonNode active = shop.path("schedule");
        assertThat(active.path("name").asText()).isEqualTo("opening-hours");
        assertThat(active.path("minTasks").asInt()).isEqualTo(6);
        assertThat(active.path("maxTasks").asInt()).as("the service's own").isEqualTo(20);
        assertThat(active.path("until").asLong()).isEqualTo(Instant.parse("2026-12-07T18:00:00Z").toEpochMilli());
        assertThat(active.path("text").asText()).isEqualTo("Mon–Fri 08:00–18:00 Europe/London, until 18:00");

        JsonNode plain = http.service("plain");
        assertThat(plain.path("schedules")).isEmpty();
        assertThat(plain.path("schedule").isNull()).isTrue();
    }

    @Test
    void theActiveScheduleFollowsTheClock() {
        clock.set(Instant.parse("2026-12-07T18:00:00Z"));
        assertThat(http.service("shop").path("schedule").isNull()).as("18:00: the end is out").isTrue();

        clock.set(Instant.parse("2026-12-12T11:00:00Z"));
        JsonNode saturday = http.service("shop").path("schedule");
        assertThat(saturday.path("name").asText()).isEqualTo("weekend");
        assertThat(saturday.path("minTasks").asInt()).isEqualTo(3);
        assertThat(saturday.path("maxTasks").asInt()).isEqualTo(3);
    }
}
