package io.microscaler.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The readiness rule: 503 only when every service read here has a problem. */
class ProblemReportTest {

    @ParameterizedTest(name = "read [{0}], failing [{1}] → all failing {2}")
    @CsvSource(delimiter = ';', value = {
        "web api; ; false",
        "web api; api; false",
        "web api; web api; true",
        "web; web; true",
        // nothing read here (every service owned elsewhere): nothing is failing
        "; ; false",
        // a problem left over from a service no longer read does not count
        "web; api; false"})
    void allFailingOnlyWhenEveryServiceReadHasAProblem(String read, String failing, boolean allFailing) {
        Map<String, ServiceProblem> problems = words(failing).stream().collect(Collectors.toMap(s -> s,
                s -> new ServiceProblem(s, "service-missing", "not found", Instant.EPOCH)));
        assertThat(new ProblemReport(problems, words(read)).allFailing()).isEqualTo(allFailing);
    }

    private static Set<String> words(String s) {
        return s == null ? Set.of() : Arrays.stream(s.trim().split("\\s+")).filter(w -> !w.isEmpty()).collect(Collectors.toSet());
    }

    @ParameterizedTest(name = "web {0}, api {1} → all failing {2}")
    @CsvSource({
        // one service held on purpose (Application Auto Scaling owns its count): the process is of use
        "dynamic-scaling-active, , false",
        "dynamic-scaling-unknown, , false",
        // every service held: still the configuration's choice, not a failure to restart for
        "dynamic-scaling-active, dynamic-scaling-active, false",
        // a hold beside a real failure of every other service: those others still count
        "dynamic-scaling-active, service-missing, false",
        "service-missing, cluster-missing, true"})
    void holdsAreShownButNeverMakeTheProcessUnready(String web, String api, boolean allFailing) {
        Map<String, ServiceProblem> problems = new java.util.HashMap<>();
        if (web != null) {
            problems.put("web", new ServiceProblem("web", web, "…", Instant.EPOCH));
        }
        if (api != null) {
            problems.put("api", new ServiceProblem("api", api, "…", Instant.EPOCH));
        }
        assertThat(new ProblemReport(problems, Set.of("web", "api")).allFailing()).isEqualTo(allFailing);
    }
}
