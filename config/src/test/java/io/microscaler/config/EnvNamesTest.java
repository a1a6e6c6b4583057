package io.microscaler.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvNamesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "http.port,                                MICROSCALER_HTTP_PORT",
            "tick,                                     MICROSCALER_TICK",
            "kafka.bootstrapServers,                   MICROSCALER_KAFKA_BOOTSTRAP_SERVERS",
            "kafka.topics.deadLetter,                  MICROSCALER_KAFKA_TOPICS_DEAD_LETTER",
            "ingest.maxFutureSkew,                     MICROSCALER_INGEST_MAX_FUTURE_SKEW",
            "serviceDefaults.scaleDownStabilisation,   MICROSCALER_SERVICE_DEFAULTS_SCALE_DOWN_STABILISATION",
            "services,                                 MICROSCALER_SERVICES",
            "services.iiif.maxTasks,                   MICROSCALER_SERVICES_IIIF_MAX_TASKS",
            "services.ocr-worker.maxTasks,             MICROSCALER_SERVICES_OCR_WORKER_MAX_TASKS",
            "services.img.v2.minTasks,                 MICROSCALER_SERVICES_IMG_V2_MIN_TASKS",
            "services.ec2Api.target,                   MICROSCALER_SERVICES_EC2_API_TARGET",
            "kafka.properties,                         MICROSCALER_KAFKA_PROPERTIES",
            "kafka.properties.sasl.jaas.config,        MICROSCALER_KAFKA_PROPERTIES_SASL_JAAS_CONFIG",
    })
    void mapsKeyToVariable(String key, String variable) {
        assertThat(EnvNames.variableFor(key)).isEqualTo(variable);
    }

    @Test
    void everyFixedKeyAndServiceFieldHasItsOwnVariable() {
        Set<String> names = new HashSet<>();
        Defaults.VALUES.keySet().forEach(key -> assertThat(names.add(EnvNames.variableFor(key))).as(key).isTrue());
        Defaults.SERVICE_FIELDS.forEach(field ->
                assertThat(names.add(EnvNames.variableFor("services.x." + field))).as(field).isTrue());
        assertThat(names.add(EnvNames.variableFor(Defaults.SERVICES))).isTrue();
        assertThat(names.add(EnvNames.variableFor(Defaults.KAFKA_PROPERTIES))).isTrue();
    }
}
