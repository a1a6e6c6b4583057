package io.microscaler.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ring reads exactly what the ring read before issue 20 ({@link ReferenceBucketRing}): the same
 * seeded events go into both, and at every step both are read over the spans a window reads
 * (stable and panic, ending at the current second: the spans' latency tallies kept from one
 * reading to the next), over random spans (any start and end the ring holds), and now and then
 * over both spans moved anywhere (the kept tallies moved back and forth), and every figure of
 * every reading must be equal (records compare doubles bit for bit, NaN included). Late events go
 * into seconds a kept tally holds; gaps longer than the ring recycle them; extreme latencies
 * collapse a second's bins.
 */
class BucketRingEquivalenceTest {

    /** How events arrive: how far behind the current second they may be, and ahead of it. */
    enum Arrival {
        IN_ORDER(0, 0),
        LATE(20, 0),            // up to 20 s late: into blocks already merged
        OUT_OF_ORDER(3, 0),     // shuffled within a few seconds
        SKEW(2, 5),             // some clocks up to 5 s fast
        VERY_LATE(70, 5);       // up to the oldest second the ring holds

        final int maxLateSeconds;
        final int maxAheadSeconds;

        Arrival(int maxLateSeconds, int maxAheadSeconds) {
            this.maxLateSeconds = maxLateSeconds;
            this.maxAheadSeconds = maxAheadSeconds;
        }
    }

    /** Which latencies: ordinary, or a spread wide enough to make the sketches collapse their lowest bins. */
    enum Latencies {
        ORDINARY,
        EXTREME
    }

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> cases = Stream.builder();
        int[][] spans = {{60, 6, 67}, {60, 6, 62}, {45, 7, 52}, {13, 3, 15}, {9, 2, 11}};
        long seed = 1;
        for (Arrival arrival : Arrival.values()) {
            for (Latencies latencies : Latencies.values()) {
                for (int[] s : spans) {
                    cases.add(Arguments.of(arrival, latencies, s[0], s[1], s[2], seed++));
                }
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} {1} stable {2} s panic {3} s ring {4} seed {5}")
    @MethodSource("cases")
    void readsTheSameFiguresAsTheRingBeforeIssue20(Arrival arrival, Latencies latencies, int stable, int panic,
                                                   int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BucketRing ring = new BucketRing(length);
        ReferenceBucketRing reference = new ReferenceBucketRing(length);
        long now = 1_767_225_600L + random.nextInt(10); // not on a block boundary, nor always off one
        int readings = 0;
        for (int step = 0; step < 150; step++) {
            // mostly one second forward; now and then a gap, sometimes longer than the ring (wrap-around)
            int gap = random.nextInt(100);
            now += gap < 90 ? 1 : gap < 98 ? 2 + random.nextInt(8) : length + random.nextInt(2 * length);
            int events = random.nextInt(25);
            for (int e = 0; e < events; e++) {
                long second = now - random.nextInt(arrival.maxLateSeconds + 1) + random.nextInt(arrival.maxAheadSeconds + 1);
                if (second < ring.oldestHeldSecond()) {
                    continue; // the window refuses these as late: the ring is never asked to hold them
                }
                write(ring, reference, second, random, latencies);
            }
            long oldest = Math.max(ring.oldestHeldSecond(), Long.MIN_VALUE + 1);
            // the window's readings: stable and panic spans ending at the current second, in one pass
            // as the window reads them, and a panic span starting before the stable one (two readings)
            long stableFrom = Math.max(now - stable, oldest);
            long panicFrom = Math.max(now - panic, oldest);
            readings += compareBoth(ring, reference, stableFrom, panicFrom, now);
            if (step % 10 == 0) {
                readings += compareBoth(ring, reference, panicFrom, stableFrom, now);
            }
            // and random spans anywhere in what the ring holds, also ending earlier than before
            for (int r = 0; r < 3; r++) {
                long to = now + 1 - random.nextInt(length);
                long from = to - 1 - random.nextInt(length);
                from = Math.max(from, oldest);
                if (from < to) {
                    readings += compare(ring, reference, from, to, to - from);
                }
            }
            // now and then both spans moved anywhere, back and forth: the kept tallies follow, then move
            // back to the window's spans at the next step
            if (step % 4 == 1) {
                long to = now + 1 - random.nextInt(length / 2 + 1);
                long stableStart = Math.max(to - 1 - random.nextInt(stable + 1), oldest);
                long panicStart = Math.max(to - 1 - random.nextInt(panic + 1), oldest);
                if (stableStart < to && panicStart < to) {
                    readings += compareBoth(ring, reference, stableStart, panicStart, to);
                }
            }
        }
        assertThat(readings).isGreaterThan(500);
    }

    private static void write(BucketRing ring, ReferenceBucketRing reference, long second, SplittableRandom random,
                              Latencies latencies) {
        if (random.nextInt(10) < 8) {
            long latency = latency(random, latencies);
            long serviceMs = random.nextBoolean() ? BucketRing.UNKNOWN : random.nextLong(latency + 1);
            boolean error = random.nextInt(20) == 0;
            long bytes = random.nextInt(50_000);
            ring.addRequest(second, latency, serviceMs, error, bytes);
            reference.addRequest(second, latency, serviceMs, error, bytes);
        } else {
            long requests = random.nextInt(3) == 0 ? random.nextInt(3) : random.nextInt(100_000);
            long failed = requests == 0 ? 0 : random.nextLong(requests + 1) / 10;
            long max = latency(random, latencies);
            long sum = requests * (max == 0 ? 0 : random.nextLong(max + 1));
            long interval = 200 + random.nextInt(1_500);
            long inFlight = random.nextInt(500);
            long busy = random.nextBoolean() ? BucketRing.UNKNOWN : sum / 2;
            long backlog = random.nextBoolean() ? BucketRing.UNKNOWN : random.nextInt(300);
            ring.addSummary(second, interval, requests, failed, sum, max, inFlight, busy, backlog);
            reference.addSummary(second, interval, requests, failed, sum, max, inFlight, busy, backlog);
        }
    }

    private static long latency(SplittableRandom random, Latencies latencies) {
        if (latencies == Latencies.EXTREME) {
            // 0 ms, 1 ms and up to 10^9 ms in one second: more than 1,024 bins apart
            return switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> 1 + random.nextInt(3);
                case 2 -> 1_000_000_000L - random.nextInt(1_000_000);
                default -> 1 + random.nextLong(1_000_000_000L);
            };
        }
        return 1 + (long) Math.exp(random.nextDouble() * Math.log(3_000));
    }

    private static int compareBoth(BucketRing ring, ReferenceBucketRing reference, long stableFrom, long panicFrom,
                                   long to) {
        long stableSpan = Math.max(1, to - stableFrom);
        long panicSpan = Math.max(1, to - panicFrom);
        SpanStats expectedStable = reference.read(stableFrom, to, stableSpan);
        SpanStats expectedPanic = reference.read(panicFrom, to, panicSpan);
        SpanStats[] actual = ring.readBoth(stableFrom, panicFrom, to, stableSpan, panicSpan);
        assertThat(actual[0]).as("stable [%d, %d) over %d s", stableFrom, to, stableSpan).isEqualTo(expectedStable);
        assertThat(actual[1]).as("panic [%d, %d) over %d s", panicFrom, to, panicSpan).isEqualTo(expectedPanic);
        return 2;
    }

    private static int compare(BucketRing ring, ReferenceBucketRing reference, long from, long to, long span) {
        SpanStats expected = reference.read(from, to, span);
        SpanStats actual = ring.read(from, to, span);
        assertThat(actual).as("[%d, %d) over %d s", from, to, span).isEqualTo(expected);
        return 1;
    }
}
