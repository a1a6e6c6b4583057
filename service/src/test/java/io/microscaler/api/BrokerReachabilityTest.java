package io.microscaler.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** N failures in a row make the broker unreachable, one success reachable; nothing heard is unreachable. */
class BrokerReachabilityTest {

    /** Checks in order ('+' answered, '-' failed), the failures it takes, and whether it is reachable after them. */
    static Stream<Arguments> checks() {
        return Stream.of(
                Arguments.of("", 2, false),
                Arguments.of("-", 2, false),
                Arguments.of("+", 2, true),
                Arguments.of("+-", 2, true),
                Arguments.of("+--", 2, false),
                Arguments.of("+-+-", 2, true),
                Arguments.of("+--+", 2, true),
                Arguments.of("+-", 1, false),
                Arguments.of("+---", 3, false),
                Arguments.of("+--", 3, true));
    }

    @ParameterizedTest(name = "{0} with {1} failures to go: reachable {2}")
    @MethodSource("checks")
    void reachableUntilEnoughFailuresInARow(String checks, int failuresToUnreachable, boolean reachable) {
        BrokerReachability state = BrokerReachability.UNKNOWN;
        for (char c : checks.toCharArray()) {
            state = c == '+' ? state.succeeded() : state.failed("TimeoutException: timed out", failuresToUnreachable);
        }
        assertThat(state.reachable()).isEqualTo(reachable);
        assertThat(state.reason().isEmpty()).isEqualTo(reachable);
    }

    @Test
    void theReasonNamesTheFailuresAndTheLastCause() {
        assertThat(BrokerReachability.UNKNOWN.reason()).hasValue("Kafka broker: no check has answered yet");
        BrokerReachability down = BrokerReachability.UNKNOWN.succeeded().failed("a", 2).failed("TimeoutException: b", 2);
        assertThat(down.reason()).hasValue("Kafka broker unreachable: 2 check(s) in a row failed, last: TimeoutException: b");
    }
}
