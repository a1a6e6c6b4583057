package io.microscaler.evaluate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Which services a tick evaluates first: those whose newest whole second jumped above the rate they
 * had (a burst), most jumped first; then all the others, in the order they came.
 *
 * <p>Why: a tick evaluates every service an owner has, one after the other on its event loop, and a
 * service's decision is published when the loop reaches it. With 5,000 services on a verticle that
 * took 100 ms at p50 after the tick began, and the tail much more, for a service that had just
 * burst (BENCHMARKS.md, decision latency with 10,000 services). A burst is what a decision must not
 * wait for; a steady service decides the same a few milliseconds later. The test is a glance, one
 * second's count against the stable rate the last evaluation read, so it costs next to nothing
 * beside a reading; it cannot tell whether the policy will move, only which services may.
 */
public final class EvaluationOrder {

    /** A newest second above this many times the stable rate is a surge. */
    static final double SURGE = 2.0;

    /**
     * How many times its stable rate a service's newest second reached, if that is a surge, else 0.
     * A rate below 1/s counts as 1/s, so that a service at 0.2/s with 1 request is no surge; a
     * service never evaluated (no rate: NaN) is measured against 1/s too.
     */
    static double surge(long newestSecondRequests, double stableRate) {
        double base = Double.isNaN(stableRate) ? 1 : Math.max(1, stableRate);
        double ratio = newestSecondRequests / base;
        return ratio > SURGE ? ratio : 0;
    }

    /** The services surging (most first), and the others in their order. */
    public record Split<T>(List<T> surging, List<T> others) {
    }

    /**
     * @param newest     requests in a service's newest whole second
     * @param stableRate the stable rate its last evaluation read, or NaN
     */
    public static <T> Split<T> of(Collection<T> services, ToLongFunction<T> newest, ToDoubleFunction<T> stableRate) {
        List<Surging<T>> surging = new ArrayList<>();
        List<T> others = new ArrayList<>(services.size());
        for (T service : services) {
            double ratio = surge(newest.applyAsLong(service), stableRate.applyAsDouble(service));
            if (ratio > 0) {
                surging.add(new Surging<>(service, ratio));
            } else {
                others.add(service);
            }
        }
        surging.sort(Comparator.comparingDouble((Surging<T> s) -> s.ratio).reversed()); // stable: ties keep their order
        return new Split<>(surging.stream().map(s -> s.service).toList(), others);
    }

    private record Surging<T>(T service, double ratio) {
    }

    private EvaluationOrder() {
    }
}
