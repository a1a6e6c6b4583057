package io.microscaler.localcloud.elb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Health checks as sequences of passes (+) and failures (-), with healthy threshold 3 and unhealthy 2. */
class RegisteredTargetTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "'',        initial",
            "++,        initial",
            "+++,       healthy",
            "+-+,       initial",
            "-,         initial",
            "--,        unhealthy",
            "+++-,      healthy",
            "+++--,     unhealthy",
            "+++-+-,    healthy",
            "--++,      unhealthy",
            "--+++,     healthy",
            "--+++--,   unhealthy",
            "+++--++-+, unhealthy"})
    void consecutiveChecksMoveTheState(String checks, String expected) {
        RegisteredTarget target = new RegisteredTarget("i-1", 80, true);
        for (char c : checks.toCharArray()) {
            target.record(c == '+', 3, 2);
        }
        assertThat(target.state().wire).isEqualTo(expected);
    }

    @Test
    void reportsOnlyChanges() {
        RegisteredTarget target = new RegisteredTarget("i-1", 80, true);
        assertThat(target.record(true, 2, 2)).isFalse();
        assertThat(target.record(true, 2, 2)).isTrue();
        assertThat(target.record(true, 2, 2)).isFalse();
    }

    @Test
    void aDrainingTargetIgnoresChecks() {
        RegisteredTarget target = new RegisteredTarget("i-1", 80, true);
        target.drain();
        assertThat(target.record(true, 2, 2)).isFalse();
        assertThat(target.record(true, 2, 2)).isFalse();
        assertThat(target.state()).isEqualTo(HealthState.DRAINING);
        assertThat(target.state().routable()).isFalse();
    }

    @Test
    void withoutHealthChecksATargetIsUnavailableButRoutable() {
        RegisteredTarget target = new RegisteredTarget("i-1", 80, false);
        assertThat(target.state()).isEqualTo(HealthState.UNAVAILABLE);
        assertThat(target.state().routable()).isTrue();
        assertThat(target.record(false, 2, 2)).isFalse();
    }
}
