package io.microscaler.replay.model;

import java.util.SplittableRandom;

/**
 * The service time of each request in arrival order: mean × (1 + jitter × u), u uniform in [−1, 1],
 * from a generator seeded alike for every consumer of one replay, so that the simulation and the
 * {@link io.microscaler.replay.score.ClairvoyantBound} see the very same requests.
 */
public final class ServiceTimes {

    private final ServiceModel model;
    private final SplittableRandom random;

    public ServiceTimes(ServiceModel model, long seed) {
        this.model = model;
        this.random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 1);
    }

    /** The next arrival's service time, in seconds (drawn for every arrival, served or dropped). */
    public double nextSeconds() {
        double u = 2 * random.nextDouble() - 1;
        return model.serviceTimeMs() * (1 + model.jitter() * u) / 1000.0;
    }
}
