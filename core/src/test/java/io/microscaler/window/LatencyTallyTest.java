package io.microscaler.window;

import static org.assertj.core.api.Assertions.assertThat;

import com.datadoghq.sketch.ddsketch.DDSketch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A reading's dense tally gives the quantiles that merging its parts as bins one by one gives, and
 * that the library's sketch of all the values gives, bit for bit: parts of every size, zeros,
 * fractions, spreads wide enough to collapse, and one tally reused across rounds (as a thread's is).
 */
class LatencyTallyTest {

    @Test
    void tallyOfPartsReadsAsTheBinsMergedOneByOneAndAsTheSketch() {
        SplittableRandom random = new SplittableRandom(22);
        double[] quantiles = {0.0, 0.01, 0.1, 0.5, 0.95, 0.99, 1.0};
        LatencyTally tally = new LatencyTally(); // reused, as a thread's is
        for (int round = 0; round < 3_000; round++) {
            DDSketch sketch = LatencySketches.newSketch();
            LatencyBins merged = new LatencyBins();
            tally.clear();
            List<LatencyBins> parts = new ArrayList<>();
            int partCount = 1 + random.nextInt(20);
            for (int p = 0; p < partCount; p++) {
                LatencyBins part = new LatencyBins();
                int values = random.nextInt(round % 10 == 0 ? 3 : 200);
                // each round has its own scale, so that the tally's bins move about its array
                double scale = Math.pow(10, random.nextInt(7));
                for (int i = 0; i < values; i++) {
                    double latency = switch (random.nextInt(round % 3 == 0 ? 6 : 4)) {
                        case 0 -> 0;
                        case 1 -> random.nextDouble() * 3;     // fractions: a summary's mean
                        case 4 -> 1e9 - random.nextInt(1000);  // more than 1,024 bins above the others
                        case 5 -> 1e-3 + random.nextDouble();
                        default -> random.nextInt(5_000) * scale / 100;
                    };
                    double n = 1 + random.nextInt(3) * random.nextInt(1_000);
                    sketch.accept(latency, n);
                    part.accept(latency, n);
                }
                parts.add(part);
            }
            for (LatencyBins part : parts) {
                if (!part.isEmpty()) {
                    merged.addAll(part);
                }
                tally.addAll(part);
            }
            assertThat(tally.isEmpty()).isEqualTo(merged.isEmpty());
            if (merged.isEmpty()) {
                continue;
            }
            double[] q = round % 5 == 0 ? random.doubles(3).sorted().toArray() : quantiles;
            assertThat(tally.valuesAtQuantiles(q))
                    .as("round %d, quantiles %s", round, Arrays.toString(q))
                    .containsExactly(merged.valuesAtQuantiles(q))
                    .containsExactly(sketch.getValuesAtQuantiles(q));
        }
    }

    /**
     * A tally kept over a sliding set of parts, as a span's is (parts added as seconds enter, taken
     * away as they leave, latencies added into parts it holds as they come), reads as a tally of the
     * parts it holds built afresh, and as those parts merged one by one, bit for bit.
     */
    @Test
    void tallyKeptOverSlidingPartsReadsAsOneBuiltAfresh() {
        SplittableRandom random = new SplittableRandom(23);
        double[] quantiles = {0.0, 0.01, 0.1, 0.5, 0.95, 0.99, 1.0};
        LatencyTally kept = new LatencyTally(8, true);
        LatencyTally fresh = new LatencyTally();
        java.util.ArrayDeque<LatencyBins> held = new java.util.ArrayDeque<>();
        int compared = 0;
        for (int step = 0; step < 5_000; step++) {
            int action = random.nextInt(10);
            if (action < 4 || held.isEmpty()) { // a second enters
                LatencyBins part = new LatencyBins();
                for (int i = random.nextInt(step % 7 == 0 ? 2 : 60); i > 0; i--) {
                    part.accept(latency(random, step), 1 + random.nextInt(3) * random.nextInt(100));
                }
                held.addLast(part);
                kept.addAll(part);
            } else if (action < 7) { // the oldest leaves
                kept.subtractAll(held.removeFirst());
            } else { // a late latency into a second held, which has not collapsed
                LatencyBins part = held.toArray(new LatencyBins[0])[random.nextInt(held.size())];
                double value = latency(random, step);
                double n = 1 + random.nextInt(5);
                part.accept(value, n);
                if (part.collapsed()) {
                    // its bins are no longer the sum of what it was given: the ring builds its tally again
                    kept.clear();
                    held.forEach(kept::addAll);
                } else {
                    kept.accept(value, n);
                }
            }
            fresh.clear();
            LatencyBins merged = new LatencyBins();
            for (LatencyBins part : held) {
                fresh.addAll(part);
                if (!part.isEmpty()) {
                    merged.addAll(part);
                }
            }
            assertThat(kept.isEmpty()).as("step %d", step).isEqualTo(fresh.isEmpty()).isEqualTo(merged.isEmpty());
            if (!merged.isEmpty()) {
                assertThat(kept.valuesAtQuantiles(quantiles)).as("step %d", step)
                        .containsExactly(fresh.valuesAtQuantiles(quantiles))
                        .containsExactly(merged.valuesAtQuantiles(quantiles));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(4_000);
    }

    /** Mostly ordinary latencies; in some stretches zeros and spreads wide enough to collapse a part. */
    private static double latency(SplittableRandom random, int step) {
        boolean wide = (step / 500) % 3 == 2;
        return switch (random.nextInt(wide ? 5 : 3)) {
            case 0 -> random.nextInt(20) == 0 ? 0 : random.nextDouble() * 3;
            case 3 -> 1e9 - random.nextInt(1000);
            case 4 -> 1e-3 + random.nextDouble();
            default -> 1 + random.nextInt(5_000);
        };
    }
}
