package io.microscaler.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.window.WindowSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TickPassTest {

    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant TICK = T.plusMillis(20_020); // 20 s later, just after the whole second

    private final OwnedServices owned = new OwnedServices(
            new WindowSettings(Duration.ofSeconds(60), Duration.ofSeconds(6), Duration.ofSeconds(15), Duration.ofSeconds(5)),
            partition -> true);

    /** A service at {@code perSecond} requests a second for 19 s, then {@code newest} in its newest second, evaluated once before. */
    private OwnedService service(String id, int perSecond, int newest) {
        OwnedService s = owned.getOrCreate(id, "requests-0", T);
        for (int second = 0; second < 20; second++) {
            Instant at = T.plusSeconds(second);
            int requests = second == 19 ? newest : perSecond;
            for (int r = 0; r < requests; r++) {
                s.window().recordRequest(at.toEpochMilli() + r, 20, 200, 100, at.plusMillis(999));
            }
            if (second == 18) { // the tick before: its snapshot read seconds 0–18
                s.evaluated(null, s.window().snapshot(at.plusMillis(1_020)));
            }
        }
        return s;
    }

    @Test
    void theSurgingServicesAreAPartOfTheirOwnFirstThenTheOthersPartByPartInTheirOrder() {
        List<OwnedService> services = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            services.add(service("steady-" + i, 5, 5));
        }
        services.add(3, service("burst-small", 5, 20)); // 4×
        services.add(service("burst-big", 5, 300));     // 60×

        TickPass pass = new TickPass(services, TICK, 3);
        assertThat(pass.surging()).isEqualTo(2);
        List<List<String>> parts = new ArrayList<>();
        while (!pass.done()) {
            parts.add(pass.nextPart().stream().map(s -> s.window().service()).toList());
        }
        assertThat(parts).containsExactly(
                List.of("burst-big", "burst-small"),
                List.of("steady-0", "steady-1", "steady-2"),
                List.of("steady-3", "steady-4", "steady-5"),
                List.of("steady-6"));
        assertThat(pass.now()).isEqualTo(TICK);
    }

    @Test
    void withoutSurgesThePartsBeginWithTheOthers() {
        List<OwnedService> services = List.of(service("a", 5, 5), service("b", 1, 1));
        TickPass pass = new TickPass(services, TICK, 10);
        assertThat(pass.surging()).isZero();
        assertThat(pass.nextPart()).extracting(s -> s.window().service()).containsExactly("a", "b");
        assertThat(pass.done()).isTrue();
    }

    @Test
    void noServicesIsDoneAtOnce() {
        assertThat(new TickPass(List.of(), TICK, 10).done()).isTrue();
    }
}
