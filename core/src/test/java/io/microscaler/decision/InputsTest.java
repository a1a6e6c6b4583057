package io.microscaler.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A decision's inputs read as the {@code LinkedHashMap} they replace, given the same puts: the same
 * entries in the same order, equal both ways, the same hash and the same text (which the audit log
 * and the benchmark's digest of published decisions print).
 */
class InputsTest {

    private static final String[] KEYS = {"tasks", "running", "pending", "requestsPerSecond", "spanSeconds", "target",
            "desired", "ratio", "latencyTargetMs", "recommended", "p95Ms", "errorRatio", "forecastRate", "queueDepth"};

    @Test
    void readsAsALinkedHashMapOfTheSamePuts() {
        SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 2_000; round++) {
            Inputs inputs = new Inputs(1 + random.nextInt(12));
            Map<String, Double> expected = new LinkedHashMap<>();
            for (int i = random.nextInt(20); i > 0; i--) {
                String key = KEYS[random.nextInt(KEYS.length)]; // some put twice: they keep their place
                double value = switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(30);
                    case 1 -> -0.0;
                    default -> random.nextDouble() * 1e4;
                };
                Double before = random.nextBoolean() ? inputs.put(key, value) : inputs.put(key, Double.valueOf(value));
                assertThat(before).isEqualTo(expected.put(key, value));
            }
            assertThat(inputs).isEqualTo(expected);
            assertThat(expected).isEqualTo(inputs);
            assertThat(inputs.hashCode()).isEqualTo(expected.hashCode());
            assertThat(inputs.toString()).isEqualTo(expected.toString());
            assertThat(new ArrayList<>(inputs.keySet())).isEqualTo(new ArrayList<>(expected.keySet()));
            assertThat(new ArrayList<>(inputs.values())).isEqualTo(new ArrayList<>(expected.values()));
            for (String key : KEYS) {
                assertThat(inputs.get(key)).isEqualTo(expected.get(key));
                assertThat(inputs.containsKey(key)).isEqualTo(expected.containsKey(key));
            }
        }
    }

    @Test
    void aDecisionsInputsDoNotChange() {
        Inputs inputs = new Inputs();
        inputs.put("tasks", 3);
        Decision decision = Decision.explained("svc", java.time.Instant.EPOCH, 3, 4, "p", Reason.TARGET_TRACKING,
                () -> "m", inputs, List.of());
        assertThat(decision.inputs()).isEqualTo(Map.of("tasks", 3.0));
        assertThatThrownBy(() -> inputs.put("tasks", 4.0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> decision.inputs().put("running", 1.0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> decision.inputs().remove("tasks")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new Inputs().put(null, 1.0)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Inputs().put("x", (Double) null)).isInstanceOf(NullPointerException.class);
    }
}
