package io.microscaler.window;

import static org.assertj.core.api.Assertions.assertThat;

import com.datadoghq.sketch.ddsketch.DDSketch;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The one-pass quantiles read what the library reads, bit for bit. */
class LatencySketchesTest {

    @Test
    void onePassQuantilesEqualTheLibrarysOnSeededSketches() {
        SplittableRandom random = new SplittableRandom(20);
        for (int round = 0; round < 2_000; round++) {
            DDSketch sketch = LatencySketches.newSketch();
            int values = 1 + random.nextInt(round % 10 == 0 ? 3 : 300);
            for (int i = 0; i < values; i++) {
                long latency = switch (random.nextInt(6)) {
                    case 0 -> 0;                                   // into the zero count
                    case 1 -> 1_000_000_000L - random.nextInt(1000); // far apart: the lowest bins collapse
                    default -> random.nextInt(5_000);
                };
                sketch.accept(latency, 1 + random.nextInt(3) * random.nextInt(1_000));
            }
            double[] quantiles = random.doubles(1 + random.nextInt(5)).toArray();
            Arrays.sort(quantiles);
            if (round % 7 == 0) {
                quantiles = new double[] {0.0, 0.5, 1.0};
            }
            assertThat(LatencySketches.valuesAtQuantiles(sketch, quantiles))
                    .as("round %d, quantiles %s", round, Arrays.toString(quantiles))
                    .containsExactly(sketch.getValuesAtQuantiles(quantiles));
        }
    }
}
