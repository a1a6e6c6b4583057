package io.microscaler.demo;

import java.util.List;
import java.util.OptionalDouble;

/**
 * How fast the loop answered a spike, read from the demo's samples and decisions: seconds from the
 * spike's start to the first scale-out decision, to the new tasks RUNNING, to them healthy in the
 * load balancer, and to p95 latency back under its target. Pure: the demo feeds it what it saw.
 *
 * <p>"The new tasks" are those the first scale-out asked for: RUNNING (healthy) is reached at the
 * first sample whose running (healthy) count is at least that decision's target. "Back under
 * target" is the first sample after the decision from which p95 stays under the target for
 * {@link #SETTLED_SAMPLES} samples in a row, so one lucky second does not count. The p95 is each
 * second's own ({@link DemoSample#p95SecondMs}), as the replay scores seconds: the progress lines'
 * p95 over several seconds still holds the queued answers for as many seconds after they are
 * gone, and would add that to every recovery.
 */
public final class SpikeReaction {

    static final int SETTLED_SAMPLES = 3;

    /** A scale-out decision as the demo saw it on the bus. */
    public record ScaleOut(double atSeconds, int from, int to) {
    }

    /** Seconds from the spike's start; empty where it did not happen within the run. */
    public record Figures(OptionalDouble toDecision, OptionalDouble toRunning, OptionalDouble toHealthy,
                          OptionalDouble toLatencyRecovered, int decidedTo) {

        public String describe(double p95TargetMs) {
            return String.format(java.util.Locale.ROOT,
                    "spike reaction: decision +%s s (to %d tasks), tasks RUNNING +%s s, healthy +%s s, p95 under %.0f ms again +%s s"
                            + " (start delay, decision to healthy: %s s)",
                    text(toDecision), decidedTo, text(toRunning), text(toHealthy), p95TargetMs, text(toLatencyRecovered),
                    toDecision.isPresent() && toHealthy.isPresent()
                            ? text(OptionalDouble.of(toHealthy.getAsDouble() - toDecision.getAsDouble())) : "n/a");
        }

        private static String text(OptionalDouble d) {
            return d.isPresent() ? String.format(java.util.Locale.ROOT, "%.1f", d.getAsDouble()) : "n/a";
        }
    }

    private SpikeReaction() {
    }

    public static Figures measure(double spikeStartSeconds, List<ScaleOut> scaleOuts, List<DemoSample> samples,
                                  double p95TargetMs) {
        ScaleOut first = scaleOuts.stream().filter(d -> d.atSeconds() >= spikeStartSeconds && d.to() > d.from())
                .findFirst().orElse(null);
        if (first == null) {
            return new Figures(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                    OptionalDouble.empty(), 0);
        }
        OptionalDouble running = OptionalDouble.empty();
        OptionalDouble healthy = OptionalDouble.empty();
        OptionalDouble recovered = OptionalDouble.empty();
        int underInARow = 0;
        double underSince = 0;
        for (DemoSample s : samples) {
            if (s.atSeconds() < first.atSeconds()) {
                continue;
            }
            double since = s.atSeconds() - spikeStartSeconds;
            if (running.isEmpty() && s.running() >= first.to()) {
                running = OptionalDouble.of(since);
            }
            if (healthy.isEmpty() && s.healthy() >= first.to()) {
                healthy = OptionalDouble.of(since);
            }
            if (recovered.isEmpty()) {
                if (!Double.isNaN(s.p95SecondMs()) && s.p95SecondMs() <= p95TargetMs) {
                    if (underInARow++ == 0) {
                        underSince = since;
                    }
                    if (underInARow >= SETTLED_SAMPLES) {
                        recovered = OptionalDouble.of(underSince);
                    }
                } else {
                    underInARow = 0;
                }
            }
        }
        return new Figures(OptionalDouble.of(first.atSeconds() - spikeStartSeconds), running, healthy, recovered,
                first.to());
    }
}
