package io.microscaler.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EvaluationOrderTest {

    @ParameterizedTest(name = "{0} requests in the newest second at a stable {1}/s: surge {2}")
    @CsvSource({
            // newest, stable rate, surge (times the rate, or 0)
            "305,   5.0,   61.0",  // the latency benchmark's burst on a service at 5/s
            "1,     1.0,   0",     // a bystander at 1/s
            "2,     1.0,   0",     // twice the rate is no surge yet: two events in one second happen
            "3,     1.0,   3.0",
            "11,    5.0,   2.2",
            "10,    5.0,   0",
            "1,     0.2,   0",     // below 1/s counts as 1/s: one request is no surge
            "3,     0.0,   3.0",   // an idle service's first requests
            "3,     NaN,   3.0",   // never evaluated: against 1/s too
            "0,     NaN,   0",
            "0,     50.0,  0",     // a drop is no surge (the stable span scales in, slowly, anyway)
            "900,   400.0, 2.25",
            "800,   400.0, 0",
    })
    void aSurgeIsANewestSecondAboveTwiceTheStableRate(long newest, double rate, double surge) {
        assertThat(EvaluationOrder.surge(newest, rate)).isEqualTo(surge);
    }

    record Service(String id, long newest, double rate) {
    }

    @Test
    void surgingServicesComeFirstMostSurgingFirstAndTheOthersKeepTheirOrder() {
        List<Service> services = List.of(
                new Service("a", 5, 5),
                new Service("b", 30, 5),     // 6×
                new Service("c", 1, 1),
                new Service("d", 300, 5),    // 60×
                new Service("e", 0, 7),
                new Service("f", 12, 2),     // 6×: a tie with b, which came first
                new Service("g", 4, Double.NaN)); // 4× against 1/s
        EvaluationOrder.Split<Service> split = EvaluationOrder.of(services, Service::newest, Service::rate);
        assertThat(split.surging()).extracting(Service::id).containsExactly("d", "b", "f", "g");
        assertThat(split.others()).extracting(Service::id).containsExactly("a", "c", "e");
    }

    @Test
    void withoutSurgesTheOrderIsUnchanged() {
        List<Service> services = List.of(new Service("a", 5, 5), new Service("b", 1, 1), new Service("c", 0, 0));
        EvaluationOrder.Split<Service> split = EvaluationOrder.of(services, Service::newest, Service::rate);
        assertThat(split.surging()).isEmpty();
        assertThat(split.others()).isEqualTo(services);
    }
}
