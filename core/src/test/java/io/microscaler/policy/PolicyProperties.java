package io.microscaler.policy;

import io.microscaler.window.DemandKind;
import io.microscaler.window.DemandSignal;
import io.microscaler.window.SpanStats;
import io.microscaler.window.WindowSnapshot;
import io.microscaler.window.WindowState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random configurations and load sequences for the property tests, all from one seed. */
final class PolicyProperties {

    private PolicyProperties() {
    }

    /** One random service configuration: every policy and behaviour switched on or off at random. */
    static ServicePolicySettings settings(Random r) {
        int min = r.nextInt(4);
        int max = Math.max(1, min + r.nextInt(30));
        ServicePolicySettings s = ServicePolicySettings.targetTracking(
                r.nextBoolean() ? TargetMetric.RPS : TargetMetric.CONCURRENCY, 1 + r.nextInt(200), min, max)
                .withTolerance(r.nextInt(3) * 0.05);
        if (r.nextBoolean()) {
            s = s.withLatencyTarget(50 + r.nextInt(500));
        }
        if (r.nextBoolean()) {
            s = s.withErrorGuard(r.nextDouble() * 0.2);
        }
        if (r.nextBoolean()) {
            s = s.withPanic(new PanicSettings(true, 1.5 + r.nextInt(3), Duration.ofSeconds(10 + r.nextInt(60))));
        }
        if (r.nextBoolean()) {
            // monotone steps: a larger breach never removes more or adds less
            s = s.withStep(new StepSettings(StepMetric.values()[r.nextInt(StepMetric.values().length)], r.nextInt(300),
                    List.of(new Step(Double.NEGATIVE_INFINITY, -50, ChangeType.COUNT, -1),
                            new Step(0, 100, ChangeType.COUNT, 1 + r.nextInt(2)),
                            new Step(100, Double.POSITIVE_INFINITY, ChangeType.PERCENT, 50 + r.nextInt(100)))));
        }
        if (r.nextBoolean()) {
            s = s.withDemand(new DemandSettings(r.nextBoolean() ? DemandKind.QUEUE_DEPTH : DemandKind.DESIRED_TASKS,
                    1 + r.nextInt(20), Duration.ofSeconds(5 + r.nextInt(120))));
        }
        return s.withBehaviour(rules(r), rules(r));
    }

    static ScalingRules rules(Random r) {
        List<RateLimit> limits = new ArrayList<>();
        int n = r.nextInt(3);
        for (int i = 0; i < n; i++) {
            limits.add(limit(r));
        }
        SelectPolicy select = SelectPolicy.values()[r.nextInt(10) == 0 ? 2 : r.nextInt(2)];
        return new ScalingRules(Duration.ofSeconds(r.nextBoolean() ? 0 : r.nextInt(300)), limits, select,
                Duration.ofSeconds(r.nextInt(3) == 0 ? r.nextInt(120) : 0));
    }

    static RateLimit limit(Random r) {
        return r.nextBoolean() ? new RateLimit(ChangeType.COUNT, 1 + r.nextInt(5), Duration.ofSeconds(5 + r.nextInt(60)))
                : new RateLimit(ChangeType.PERCENT, 10 + r.nextInt(200), Duration.ofSeconds(5 + r.nextInt(60)));
    }

    /** A load level: what every metric reads at a given load factor (errors and the state apart). */
    record Load(double level, double errorRatio, double demand, WindowState state) {

        Load times(double factor) {
            return new Load(level * factor, errorRatio, demand * factor, state);
        }

        WindowSnapshot window(Instant at) {
            SpanStats stable = span(60, level);
            SpanStats panic = span(6, level * 1.7); // a burst shows in the panic window first
            Map<DemandKind, DemandSignal> signals = new EnumMap<>(DemandKind.class);
            if (demand >= 0) {
                signals.put(DemandKind.QUEUE_DEPTH, new DemandSignal(DemandKind.QUEUE_DEPTH, demand * 40, at));
                signals.put(DemandKind.DESIRED_TASKS, new DemandSignal(DemandKind.DESIRED_TASKS, demand / 50, at));
            }
            return new WindowSnapshot("svc", at, state, stable, panic, at.minusMillis(500), signals);
        }

        private SpanStats span(long seconds, double l) {
            long count = Math.round(l * seconds);
            // latency grows with load, as it does in a saturating service
            double p95 = l == 0 ? Double.NaN : 20 + l;
            return new SpanStats(Duration.ofSeconds(seconds), count, Math.round(count * errorRatio), l, l / 10,
                    p95 / 2, p95, p95 * 1.5, errorRatio, 0, 0);
        }
    }

    static Load load(Random r) {
        WindowState state = r.nextInt(8) == 0 ? WindowState.UNKNOWN : r.nextInt(12) == 0 ? WindowState.WARMING
                : WindowState.OK;
        return new Load(r.nextInt(5) == 0 ? 0 : r.nextDouble() * 3000, r.nextInt(4) == 0 ? r.nextDouble() * 0.3 : 0,
                r.nextBoolean() ? r.nextDouble() * 2000 : -1, state);
    }

    /** The next capacity after a decision: some of the count asked for still starting. */
    static Capacity capacity(Random r, int desired) {
        int running = desired == 0 ? 0 : desired - r.nextInt(Math.min(desired, 3) + 1);
        return new Capacity(desired, running, desired - running);
    }
}
