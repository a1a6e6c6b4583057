package io.microscaler.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CollectorAdviceTest {

    private static final List<String> G1 = List.of("G1 Young Generation", "G1 Old Generation");
    private static final List<String> SHENANDOAH = List.of("Shenandoah Pauses", "Shenandoah Cycles");
    private static final List<String> ZGC = List.of("ZGC Cycles", "ZGC Pauses");

    @Test
    void manyServicesOnAStopTheWorldCollectorAreWarnedAboutWithTheFlagToUse() {
        assertThat(CollectorAdvice.warning(G1, 10_000)).hasValueSatisfying(w -> assertThat(w)
                .contains("10,000 services", "G1 Young Generation", "-XX:+UseShenandoahGC", "-XX:+UseZGC"));
        assertThat(CollectorAdvice.warning(List.of("PS Scavenge", "PS MarkSweep"), CollectorAdvice.MANY_SERVICES)).isPresent();
    }

    @Test
    void fewServicesOrAConcurrentCollectorGetNoWarning() {
        assertThat(CollectorAdvice.warning(G1, CollectorAdvice.MANY_SERVICES - 1)).isEmpty();
        assertThat(CollectorAdvice.warning(SHENANDOAH, 50_000)).isEmpty();
        assertThat(CollectorAdvice.warning(ZGC, 50_000)).isEmpty();
    }

    @Test
    void onlyShenandoahAndZgcCountAsConcurrent() {
        assertThat(CollectorAdvice.concurrent(SHENANDOAH)).isTrue();
        assertThat(CollectorAdvice.concurrent(ZGC)).isTrue();
        assertThat(CollectorAdvice.concurrent(G1)).isFalse();
        assertThat(CollectorAdvice.concurrent(List.of())).isFalse();
    }

    @Test
    void theRunningJvmsCollectorsAreNamed() {
        assertThat(CollectorAdvice.collectors()).isNotEmpty();
    }
}
