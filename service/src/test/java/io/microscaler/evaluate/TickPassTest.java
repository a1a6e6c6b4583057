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
                s.evaluated(null, s.window().snapshot(at.plusMillis(1_020)), 0);
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
    void afterTheTickTheServicesWhoseNewestSecondGrewByASurgeAreFoundAgainMostSurgingFirst() {
        OwnedService lateBurst = service("late-burst", 5, 5);     // its burst's records come after the tick
        OwnedService lateSmall = service("late-small", 5, 5);
        OwnedService oneMore = service("one-more", 5, 5);         // one late record: no surge
        OwnedService early = service("early-burst", 5, 300);      // its burst was in before the tick
        List<OwnedService> services = List.of(lateBurst, lateSmall, oneMore, early);
        TickPass pass = new TickPass(services, TICK, 10);
        for (OwnedService s : services) {     // the tick: each evaluation notes the newest second it read
            s.evaluated(null, s.window().snapshot(TICK), s.window().newestSecondRequests(TICK));
        }
        assertThat(pass.lateSurges()).isEmpty();

        Instant newest = T.plusSeconds(19);
        Instant later = TICK.plusMillis(150);
        for (int r = 0; r < 300; r++) {
            lateBurst.window().recordRequest(newest.toEpochMilli() + 500, 20, 200, 100, later);
        }
        for (int r = 0; r < 15; r++) { // 15 more against a stable 5/s
            lateSmall.window().recordRequest(newest.toEpochMilli() + 500, 20, 200, 100, later);
        }
        oneMore.window().recordRequest(newest.toEpochMilli() + 500, 20, 200, 100, later);
        for (int r = 0; r < 5; r++) { // the tick read its burst: a few more are no reason to evaluate again
            early.window().recordRequest(newest.toEpochMilli() + 500, 20, 200, 100, later);
        }

        assertThat(pass.lateSurges()).extracting(s -> s.window().service()).containsExactly("late-burst", "late-small");
        // the owner's look evaluates them: the next look finds them no more
        lateBurst.evaluated(null, lateBurst.window().snapshot(later), lateBurst.window().newestSecondRequests(later));
        assertThat(pass.lateSurges()).extracting(s -> s.window().service()).containsExactly("late-small");
    }

    @Test
    void noServicesIsDoneAtOnce() {
        assertThat(new TickPass(List.of(), TICK, 10).done()).isTrue();
    }
}
