package io.microscaler.bus;

import java.util.Map;
import java.util.Set;

/**
 * The actuator's problems, whole, published on every change (a problem raised or cleared, a
 * service gained or lost by ownership).
 *
 * @param problems by service id, the services with a problem now
 * @param read     the services this instance reads now (it owns them, or nothing is owned yet)
 */
public record ProblemReport(Map<String, ServiceProblem> problems, Set<String> read) {

    public static final ProblemReport NONE = new ProblemReport(Map.of(), Set.of());

    public ProblemReport {
        problems = Map.copyOf(problems);
        read = Set.copyOf(read);
    }

    /** Whether every service read here has a problem (and there is at least one). */
    public boolean allFailing() {
        return !read.isEmpty() && problems.keySet().containsAll(read);
    }
}
