package io.microscaler.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.microscaler.policy.ChangeType;
import io.microscaler.policy.DemandSettings;
import io.microscaler.policy.RateLimit;
import io.microscaler.policy.Step;
import io.microscaler.policy.StepMetric;
import io.microscaler.policy.StepSettings;
import io.microscaler.policy.TargetMetric;
import io.microscaler.window.DemandKind;
import io.microscaler.window.WindowSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sample file and the reference page list the same keys and defaults as {@link Defaults}: they
 * are what operators read, so they must not drift from what the loader does. Paths are relative to
 * the project root, surefire's working directory.
 */
class SampleConfigTest {

    private static final Path SAMPLE = Path.of("config/microscaler.yaml");
    private static final Path REFERENCE = Path.of("docs/configuration.md");

    @Test
    void theSampleLoadsWithItsThreeExampleServices() {
        MicroscalerConfig c = ConfigLoader.load(SAMPLE, Map.of());

        assertThat(c.services()).containsOnlyKeys("iiif", "api", "ocr-worker");
        var iiif = c.services().get("iiif").policy();
        assertThat(iiif.metric()).isEqualTo(TargetMetric.CONCURRENCY);
        assertThat(iiif.targetPerTask()).isEqualTo(8);
        assertThat(iiif.minTasks()).isEqualTo(2);
        assertThat(iiif.maxTasks()).isEqualTo(40);
        assertThat(c.services().get("iiif").placement().priority()).isEqualTo(100);
        assertThat(c.services().get("api").policy().metric()).isEqualTo(TargetMetric.RPS);
        assertThat(c.services().get("api").policy().targetPerTask()).isEqualTo(100);
        assertThat(c.services().get("api").policy().latencyTargetMs()).hasValue(250);
        assertThat(c.services().get("api").policy().scaleUp().limits()).containsExactly(
                new RateLimit(ChangeType.COUNT, 4, Duration.ofSeconds(15)),
                new RateLimit(ChangeType.PERCENT, 100, Duration.ofSeconds(15)));
        assertThat(c.services().get("api").policy().schedules()).extracting(s -> s.name())
                .containsExactly("opening-hours", "nights");
        var ocr = c.services().get("ocr-worker").policy();
        assertThat(ocr.demand()).hasValue(new DemandSettings(DemandKind.QUEUE_DEPTH, 5, Duration.ofMinutes(2)));
        assertThat(ocr.step()).hasValue(new StepSettings(StepMetric.P95, 5000,
                List.of(new Step(2000, Double.POSITIVE_INFINITY, ChangeType.COUNT, 1))));
        assertThat(ocr.scaleUp().cooldown()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void theSampleSetsEveryKeyToItsDefault() throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(SAMPLE.toFile());

        for (Map.Entry<String, String> entry : Defaults.VALUES.entrySet()) {
            JsonNode node = root.at("/" + entry.getKey().replace('.', '/'));
            assertThat(node.isMissingNode()).as("%s missing from %s", entry.getKey(), SAMPLE).isFalse();
            assertThat(node.asText()).as(entry.getKey()).isEqualTo(entry.getValue());
        }
    }

    @Test
    void theReferenceListsEveryKeyWithItsVariableAndDefault() throws IOException {
        String reference = Files.readString(REFERENCE);

        for (Map.Entry<String, String> entry : Defaults.VALUES.entrySet()) {
            String key = entry.getKey();
            String row = "| `" + key + "` | `" + EnvNames.variableFor(key) + "` | "
                    + (entry.getValue().isEmpty() ? "(empty)" : "`" + entry.getValue() + "`") + " |";
            assertThat(reference).as("row for %s", key).contains(row);
        }
        for (String field : Defaults.SERVICE_FIELDS) {
            assertThat(reference).contains("| `services.<id>." + field + "` |");
        }
    }

    @Test
    void windowDefaultsAgreeWithTheWindowPackage() {
        assertThat(ConfigLoader.defaults().windows()).isEqualTo(WindowSettings.DEFAULTS);
    }
}
