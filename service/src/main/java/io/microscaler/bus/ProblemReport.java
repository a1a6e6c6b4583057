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

    /**
     * Causes that hold a service on purpose (another scaler owns its count) rather than fail it:
     * shown, but never what makes the process unready (its container would be replaced for a
     * choice the configuration made).
     */
    public static final Set<String> HOLDS = Set.of("dynamic-scaling-active", "dynamic-scaling-unknown");

    /** Whether every service read here has a problem other than a {@link #HOLDS hold} (and there is at least one). */
    public boolean allFailing() {
        if (read.isEmpty()) {
            return false;
        }
        Set<String> failing = new java.util.HashSet<>();
        problems.forEach((service, p) -> {
            if (!HOLDS.contains(p.cause())) {
                failing.add(service);
            }
        });
        return failing.containsAll(read);
    }
}
