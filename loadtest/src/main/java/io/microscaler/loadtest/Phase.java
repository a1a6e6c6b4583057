package io.microscaler.loadtest;

/**
 * A named stretch of a load run, in seconds since the load started: "base", "spike", "after"...
 * The scaling timeline reports latency and tasks per phase.
 */
public record Phase(String name, int startSecond, int endSecond) {

    public Phase {
        if (name == null || name.isBlank() || name.contains(",") || name.contains("=")) {
            throw new IllegalArgumentException("a phase needs a name without ',' or '=', but was '" + name + "'");
        }
        if (startSecond < 0 || endSecond < startSecond) {
            throw new IllegalArgumentException("phase " + name + " must have 0 ≤ start ≤ end, but was "
                    + startSecond + ".." + endSecond);
        }
    }

    public boolean contains(double second) {
        return second >= startSecond && second < endSecond;
    }
}
