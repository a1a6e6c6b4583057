package io.microscaler.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The local cloud authenticates nothing, so it listens on loopback or not at all. */
class LocalCloudSettingsTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "::1", "localhost"})
    void listensOnLoopback(String host) {
        assertThat(settings(host).host()).isEqualTo(host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "10.0.0.5", "192.168.1.1", " "})
    void refusesAnyOtherAddress(String host) {
        assertThatThrownBy(() -> settings(host)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("host must be a loopback address (127.0.0.1 to 127.255.255.254, ::1, localhost): the local"
                        + " cloud authenticates nothing, but was '" + host + "'");
    }

    private static LocalCloudSettings settings(String host) {
        Duration ms = Duration.ofMillis(10);
        return new LocalCloudSettings(host, 0, "eu-west-1", "123456789012", ms, ms, ms, ms, ms, ms, 1);
    }
}
