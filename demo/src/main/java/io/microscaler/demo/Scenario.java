package io.microscaler.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The offered load of a demo run: requests per second as a function of time since the start.
 * Pure: the traffic generator asks for the rate at its own elapsed time, so the same scenario can
 * be replayed in simulated time or tested without a clock.
 *
 * <p>Capacity to compare the figures with: an image server task with the demo's defaults (4
 * workers, tiles 40 ms, info.json 5 ms, 10 % info.json) serves at most about 110 requests/s, so
 * {@code steady} (150/s) wants 2 tasks, the {@code spike} peak (400/s) 5 or 6, and the
 * {@code diurnal} noon (300/s) 4.
 */
public interface Scenario {

    /** Requests per second offered at this time since the start (≥ 0). */
    double rateAt(Duration sinceStart);

    /** One line for the demo's progress output, e.g. "spike: 80/s, ×5 from 30 s for 90 s". */
    String describe();

    /** The same rate at every moment. */
    record Steady(double rate) implements Scenario {
        public static final double DEFAULT_RATE = 150;

        public Steady {
            requireRate("rate", rate);
        }

        @Override
        public double rateAt(Duration sinceStart) {
            return rate;
        }

        @Override
        public String describe() {
            return "steady: " + Rates.format(rate) + "/s";
        }
    }

    /**
     * A base rate, then {@code factor} times it from {@code start} for {@code length}, then the
     * base again: a flash crowd. The step is sudden on purpose: it is what a reactive autoscaler
     * finds hardest (the panic window exists for it).
     */
    record Spike(double base, double factor, Duration start, Duration length) implements Scenario {
        public static final double DEFAULT_BASE = 80;
        public static final double DEFAULT_FACTOR = 5;
        /** Starts after 30 s so the autoscaler has a calm baseline; 90 s long so the default 150 s demo sees the fall too. */
        public static final Duration DEFAULT_START = Duration.ofSeconds(30);
        public static final Duration DEFAULT_LENGTH = Duration.ofSeconds(90);

        public Spike {
            requireRate("base", base);
            requireRate("factor", factor);
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(length, "length");
            if (start.isNegative() || length.isNegative()) {
                throw new IllegalArgumentException("start and length must not be negative, but were " + start
                        + " and " + length);
            }
        }

        @Override
        public double rateAt(Duration sinceStart) {
            boolean during = sinceStart.compareTo(start) >= 0 && sinceStart.compareTo(start.plus(length)) < 0;
            return during ? base * factor : base;
        }

        @Override
        public String describe() {
            return "spike: " + Rates.format(base) + "/s, ×" + Rates.format(factor) + " from " + start.toSeconds()
                    + " s for " + length.toSeconds() + " s";
        }
    }

    /**
     * A compressed day: {@code trough} at the start (night), rising smoothly to {@code peak} at
     * half the period (noon) and back: trough + (peak − trough) × (1 − cos(2π t / period)) / 2.
     * A raised cosine has no corners, so every change is gradual, unlike {@link Spike}.
     */
    record Diurnal(double trough, double peak, Duration period) implements Scenario {
        public static final double DEFAULT_TROUGH = 20;
        public static final double DEFAULT_PEAK = 300;
        public static final Duration DEFAULT_PERIOD = Duration.ofMinutes(5);

        public Diurnal {
            requireRate("trough", trough);
            requireRate("peak", peak);
            Objects.requireNonNull(period, "period");
            if (period.isZero() || period.isNegative()) {
                throw new IllegalArgumentException("period must be positive, but was " + period);
            }
        }

        @Override
        public double rateAt(Duration sinceStart) {
            double phase = 2 * Math.PI * sinceStart.toNanos() / (double) period.toNanos();
            return trough + (peak - trough) * (1 - Math.cos(phase)) / 2;
        }

        @Override
        public String describe() {
            return "diurnal: " + Rates.format(trough) + "/s at night to " + Rates.format(peak) + "/s at noon, a day every "
                    + period.toSeconds() + " s";
        }
    }

    /**
     * Reads a scenario spec as {@code --scenario} gives it: {@code steady}, {@code spike},
     * {@code diurnal} or {@code trace:FILE} (see {@link TraceScenario}); every rate is multiplied
     * by {@code scale}. A trace file is read here, so call this before starting, not on an event loop.
     *
     * @throws IllegalArgumentException with what was given and what is expected
     */
    static Scenario parse(String spec, double scale) {
        Objects.requireNonNull(spec, "spec");
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a number > 0, but was " + scale);
        }
        String s = spec.trim();
        if (s.startsWith("trace:")) {
            String file = s.substring("trace:".length()).trim();
            if (file.isEmpty()) {
                throw new IllegalArgumentException("scenario '" + spec + "': trace: needs a file, e.g. trace:traces/nasa.csv");
            }
            return TraceScenario.load(Path.of(file), scale, true);
        }
        return switch (s) {
            case "steady" -> new Steady(Steady.DEFAULT_RATE * scale);
            case "spike" -> new Spike(Spike.DEFAULT_BASE * scale, Spike.DEFAULT_FACTOR, Spike.DEFAULT_START,
                    Spike.DEFAULT_LENGTH);
            case "diurnal" -> new Diurnal(Diurnal.DEFAULT_TROUGH * scale, Diurnal.DEFAULT_PEAK * scale,
                    Diurnal.DEFAULT_PERIOD);
            default -> throw new IllegalArgumentException("scenario '" + spec
                    + "': expected steady, spike, diurnal or trace:FILE");
        };
    }

    private static void requireRate(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number ≥ 0, but was " + value);
        }
    }

    /** Number formatting shared by the descriptions. */
    final class Rates {
        static String format(double value) {
            return value == Math.rint(value) ? Long.toString((long) value) : String.format(java.util.Locale.ROOT, "%.2f", value);
        }

        private Rates() {
        }
    }
}
