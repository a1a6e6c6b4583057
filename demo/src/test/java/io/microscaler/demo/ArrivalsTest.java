package io.microscaler.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ArrivalsTest {

    private static final long TEN_MS = 10_000_000L;

    @Test
    void evenArrivalsCarryTheFractionSoTheTotalIsTheFloorOfTheIntegral() {
        Arrivals a = new Arrivals(Arrivals.Mode.EVEN, new Random(1));
        int total = 0;
        for (int tick = 1; tick <= 1000; tick++) { // 10 s at 10 ms
            int n = a.next(33, TEN_MS);
            assertThat(n).isBetween(0, 1); // 0.33 per tick: never a burst
            total += n;
            assertThat(total).isEqualTo((int) Math.floor(33 * tick * 0.01 + 1e-9));
        }
        assertThat(total).isEqualTo(330);
    }

    @Test
    void aLateTickBringsTheArrivalsItCovers() {
        Arrivals a = new Arrivals(Arrivals.Mode.EVEN, new Random(1));
        assertThat(a.next(100, 250_000_000L)).isEqualTo(25); // a 250 ms tick at 100/s
    }

    @Test
    void noRateOrNoTimeMeansNoArrivals() {
        Arrivals a = new Arrivals(Arrivals.Mode.POISSON, new Random(1));
        assertThat(a.next(0, TEN_MS)).isZero();
        assertThat(a.next(500, 0)).isZero();
        assertThat(a.next(Double.NaN, TEN_MS)).isZero();
    }

    @Test
    void poissonArrivalsHaveTheScenariosMeanAndAPoissonSpread() {
        for (double rate : new double[] {50, 400, 8000}) { // Knuth below a mean of 30 per tick, normal above
            Arrivals a = new Arrivals(Arrivals.Mode.POISSON, new Random(42));
            int ticks = 20_000;
            double mean = rate * 0.01;
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < ticks; i++) {
                int n = a.next(rate, TEN_MS);
                sum += n;
                squares += (double) n * n;
            }
            double m = sum / ticks;
            double variance = squares / ticks - m * m;
            // the mean of 20,000 draws is within 4 standard errors; a Poisson's variance is its mean
            assertThat(m).isBetween(mean - 4 * Math.sqrt(mean / ticks), mean + 4 * Math.sqrt(mean / ticks));
            assertThat(variance / mean).isBetween(0.9, 1.1);
        }
    }
}
