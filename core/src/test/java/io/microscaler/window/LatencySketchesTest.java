package io.microscaler.window;

import static org.assertj.core.api.Assertions.assertThat;

import com.datadoghq.sketch.ddsketch.DDSketch;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The bins read and merge as the library's sketch of the same values does, bit for bit. */
class LatencySketchesTest {

    @Test
    void onePassQuantilesOfTheBinsEqualTheLibrarysOnSeededValues() {
        SplittableRandom random = new SplittableRandom(20);
        for (int round = 0; round < 2_000; round++) {
            DDSketch sketch = LatencySketches.newSketch();
            LatencyBins bins = new LatencyBins();
            int values = 1 + random.nextInt(round % 10 == 0 ? 3 : 300);
            for (int i = 0; i < values; i++) {
                long latency = switch (random.nextInt(6)) {
                    case 0 -> 0;                                   // into the zero count
                    case 1 -> 1_000_000_000L - random.nextInt(1000); // far apart: the lowest bins collapse
                    default -> random.nextInt(5_000);
                };
                double n = 1 + random.nextInt(3) * random.nextInt(1_000);
                sketch.accept(latency, n);
                bins.accept(latency, n);
            }
            double[] quantiles = random.doubles(1 + random.nextInt(5)).toArray();
            Arrays.sort(quantiles);
            if (round % 7 == 0) {
                quantiles = new double[] {0.0, 0.5, 1.0};
            }
            assertThat(bins.valuesAtQuantiles(quantiles))
                    .as("round %d, quantiles %s", round, Arrays.toString(quantiles))
                    .containsExactly(sketch.getValuesAtQuantiles(quantiles));
        }
    }

    /** A second's compact bins, merged into a sketch, are the bins of the sketch of the same values. */
    @Test
    void secondLatenciesMergeToTheSameBinsAsASketchOfTheSameValues() {
        SplittableRandom random = new SplittableRandom(21);
        double[] quantiles = {0.0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1.0};
        for (int round = 0; round < 2_000; round++) {
            DDSketch direct = LatencySketches.newSketch();
            LatencyBins second = new LatencyBins();
            if (round % 3 == 0) {
                second.accept(3); // a reused second: cleared before
                second.clear();
            }
            int values = 1 + random.nextInt(round % 10 == 0 ? 3 : 400);
            for (int i = 0; i < values; i++) {
                double latency = switch (random.nextInt(round % 2 == 0 ? 6 : 3)) {
                    case 0 -> 0;
                    case 1 -> random.nextDouble() * 3;                 // fractions of a millisecond: means
                    case 3 -> 1e9 - random.nextInt(1000);              // more than 1,024 bins apart
                    case 4 -> 1 + random.nextInt(3);
                    default -> random.nextInt(5_000);
                };
                double n = 1 + random.nextInt(3) * random.nextInt(1_000);
                direct.accept(latency, n);
                second.accept(latency, n);
            }
            DDSketch merged = LatencySketches.newSketch();
            if (round % 2 == 1) {
                second.mergeInto(merged);
            } else {
                // as a block takes its seconds: the values split over several, added up
                LatencyBins block = new LatencyBins();
                block.addAll(second);
                LatencyBins more = new LatencyBins();
                for (int i = 0; i < 50; i++) {
                    double latency = random.nextInt(3) == 0 ? 1e9 - random.nextInt(1000) : random.nextInt(5_000);
                    direct.accept(latency, 2);
                    more.accept(latency, 2);
                    if (i % 10 == 9) {
                        block.addAll(more);
                        more.clear();
                    }
                }
                block.mergeInto(merged);
            }
            assertThat(bins(merged)).as("round %d", round).isEqualTo(bins(direct));
            assertThat(merged.getCount()).isEqualTo(direct.getCount());
            assertThat(merged.getValuesAtQuantiles(quantiles)).containsExactly(direct.getValuesAtQuantiles(quantiles));
        }
    }

    private static String bins(DDSketch sketch) {
        StringBuilder out = new StringBuilder("zeros ").append(sketch.getCount() - sketch.getPositiveValueStore().getTotalCount());
        sketch.getPositiveValueStore().forEach((index, count) -> out.append(' ').append(index).append(':').append(count));
        return out.toString();
    }
}
