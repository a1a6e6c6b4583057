package io.microscaler.loadtest;

/** A decision the autoscaler published ({@code /api/decisions}): when, from how many tasks to how many, and why. */
public record DecisionMark(long epochMillis, long seq, int from, int to, String policy, String reason, String message) {

    public boolean scalesOut() {
        return to > from;
    }

    public boolean scalesIn() {
        return to < from;
    }

    /** E.g. {@code 2→6 panic/scale-up-limit}. */
    public String label() {
        return from + "→" + to + " " + policy + "/" + reason;
    }
}
