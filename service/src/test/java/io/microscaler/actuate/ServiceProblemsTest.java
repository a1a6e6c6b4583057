package io.microscaler.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ServiceProblemsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Problem MISSING = new Problem("service-missing", "ECS service 'web' not found (request 1)", true);
    private static final Problem MISSING_AGAIN = new Problem("service-missing", "ECS service 'web' not found (request 2)", true);
    private static final Problem REFUSED = new Problem("access-refused", "UnrecognizedClientException", false);

    private final ServiceProblems problems = new ServiceProblems(Duration.ofSeconds(15), ServiceProblems.CAP);

    @Test
    void aFirstProblemIsRaisedTheSameCauseAgainIsNotAChangeOfCauseIs() {
        var first = problems.failed("web", MISSING, T0);
        assertThat(first).hasValueSatisfying(n -> {
            assertThat(n.kind()).isEqualTo(ServiceProblems.Kind.RAISED);
            assertThat(n.problem()).isEqualTo(MISSING);
            assertThat(n.before()).isEmpty();
        });
        assertThat(problems.failed("web", MISSING_AGAIN, T0.plusSeconds(30))).isEmpty();
        var changed = problems.failed("web", REFUSED, T0.plusSeconds(90));
        assertThat(changed).hasValueSatisfying(n -> {
            assertThat(n.problem()).isEqualTo(REFUSED);
            assertThat(n.before()).contains(MISSING_AGAIN);
        });
        assertThat(problems.state("web").orElseThrow().since()).isEqualTo(T0.plusSeconds(90));
    }

    @Test
    void aSuccessClearsOnceAndOnlyAfterAProblem() {
        assertThat(problems.succeeded("web")).isEmpty();
        problems.failed("web", MISSING, T0);
        assertThat(problems.succeeded("web")).hasValueSatisfying(n -> {
            assertThat(n.kind()).isEqualTo(ServiceProblems.Kind.CLEARED);
            assertThat(n.problem()).isEqualTo(MISSING);
        });
        assertThat(problems.succeeded("web")).isEmpty();
        assertThat(problems.all()).isEmpty();
        // and the next problem is news again
        assertThat(problems.failed("web", MISSING, T0.plusSeconds(1))).isPresent();
    }

    @Test
    void problemsArePerService() {
        problems.failed("web", MISSING, T0);
        assertThat(problems.failed("api", MISSING, T0)).isPresent();
        assertThat(problems.all()).containsOnlyKeys("web", "api");
        assertThat(problems.forget("api")).isTrue();
        assertThat(problems.all()).containsOnlyKeys("web");
    }

    @ParameterizedTest(name = "after {0} missing read(s) in a row the next waits {1} s")
    @CsvSource({"0, 0", "1, 30", "2, 60", "3, 120", "4, 240", "5, 300", "6, 300", "40, 300"})
    void theWaitDoublesFromTheBaseUpToTheCap(int missingReads, long seconds) {
        assertThat(problems.wait(missingReads)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void readsOfAMissingServiceBackOffAndComeBackWhenFound() {
        assertThat(problems.due("web", T0)).isTrue();
        problems.failed("web", MISSING, T0);
        assertThat(problems.due("web", T0.plusSeconds(29))).isFalse();
        assertThat(problems.due("web", T0.plusSeconds(30))).isTrue();
        problems.failed("web", MISSING_AGAIN, T0.plusSeconds(30));
        assertThat(problems.due("web", T0.plusSeconds(89))).isFalse();
        assertThat(problems.due("web", T0.plusSeconds(90))).isTrue();
        problems.succeeded("web");
        assertThat(problems.due("web", T0.plusSeconds(90))).isTrue();
        // found, then missing again: the back-off starts over from the base
        problems.failed("web", MISSING, T0.plusSeconds(100));
        assertThat(problems.state("web").orElseThrow().nextRead()).isEqualTo(T0.plusSeconds(130));
    }

    @Test
    void problemsThatAreNotMissingDoNotBackOffAndResetTheCount() {
        problems.failed("web", MISSING, T0);
        problems.failed("web", MISSING, T0.plusSeconds(30));
        problems.failed("web", REFUSED, T0.plusSeconds(90));
        assertThat(problems.due("web", T0.plusSeconds(90))).isTrue();
        problems.failed("web", MISSING, T0.plusSeconds(91));
        assertThat(problems.state("web").orElseThrow().nextRead()).isEqualTo(T0.plusSeconds(121));
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new ServiceProblems(Duration.ZERO, ServiceProblems.CAP))
                .hasMessage("base must be > 0, but was PT0S");
        assertThatThrownBy(() -> new ServiceProblems(Duration.ofMinutes(10), Duration.ofMinutes(5)))
                .hasMessage("cap must be >= base PT10M, but was PT5M");
    }
}
