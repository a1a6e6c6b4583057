package io.microscaler.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A layer of flat name → value pairs: the environment ({@code MICROSCALER_HTTP_PORT=9090}) or
 * explicit overrides ({@code http.port=9090}, from the command line). It works forwards only: for
 * each key the loader knows, it computes the name to look up. The two open sections take a
 * comma-separated list of entries under the section's own name ({@code MICROSCALER_SERVICES=api,iiif},
 * {@code MICROSCALER_KAFKA_PROPERTIES=security.protocol,sasl.jaas.config}); an entry named there, or
 * in the file, then has its own keys looked up the same way.
 */
final class KeyedSource {

    private final Map<String, String> values;
    private final UnaryOperator<String> nameOf;
    private final boolean environment;
    private final Map<String, String> origins;
    private final Set<String> used = new HashSet<>();

    private KeyedSource(Map<String, String> values, UnaryOperator<String> nameOf, boolean environment,
                        Map<String, String> origins) {
        this.values = new LinkedHashMap<>(values);
        this.nameOf = nameOf;
        this.environment = environment;
        this.origins = Map.copyOf(origins);
    }

    static KeyedSource environment(Map<String, String> env) {
        return new KeyedSource(env, EnvNames::variableFor, true, Map.of());
    }

    /** @param origins where an override came from, by key (e.g. a command-line option); others are "explicit override" */
    static KeyedSource overrides(Map<String, String> overrides, Map<String, String> origins) {
        return new KeyedSource(overrides, UnaryOperator.identity(), false, origins);
    }

    void applyTo(RawSettings raw) {
        for (String key : Defaults.VALUES.keySet()) {
            lookup(key).ifPresent(setting -> raw.setFixed(key, setting));
        }
        listed(Defaults.SERVICES, "service id").forEach(id -> raw.declareService(id, originOf(Defaults.SERVICES)));
        listed(Defaults.KAFKA_PROPERTIES, "property name")
                .forEach(name -> raw.declareProperty(name, originOf(Defaults.KAFKA_PROPERTIES)));
        for (String id : raw.serviceIds()) {
            for (String field : Defaults.SERVICE_FIELDS) {
                lookup(Defaults.SERVICES + "." + id + "." + field)
                        .ifPresent(setting -> raw.setServiceField(id, field, setting));
            }
        }
        for (String name : List.copyOf(raw.propertyNames())) {
            lookup(Defaults.KAFKA_PROPERTIES + "." + name).ifPresent(setting -> raw.setProperty(name, setting));
        }
        if (!environment) {
            rejectUnused();
        }
    }

    private Optional<Setting> lookup(String key) {
        String name = nameOf.apply(key);
        String value = values.get(name);
        if (value == null) {
            return Optional.empty();
        }
        used.add(name);
        return Optional.of(new Setting(value, originOf(key)));
    }

    /**
     * Entries of a comma-separated list; blanks are skipped so a trailing comma does no harm, but an
     * entry listed twice is refused (a service declared here and in the file is not a repeat).
     */
    private List<String> listed(String section, String what) {
        List<String> entries = new ArrayList<>();
        lookup(section).ifPresent(list -> {
            for (String entry : list.value().split(",", -1)) {
                if (!entry.isBlank()) {
                    entries.add(entry.strip());
                }
            }
            Values.distinct(section, list, entries, what);
        });
        return entries;
    }

    private String originOf(String key) {
        return environment ? Setting.environment(nameOf.apply(key)) : origins.getOrDefault(key, Setting.OVERRIDE);
    }

    /*
     * Overrides come from code (the command line), so a key that matched nothing is a mistake to
     * report. Unused environment variables are not: the environment also carries variables meant
     * for the launcher (MICROSCALER_CONFIG and the like), and a per-service variable of a service
     * that is not declared simply does not apply.
     */
    private void rejectUnused() {
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (!used.contains(entry.getKey())) {
                String key = String.valueOf(entry.getKey());
                throw new ConfigException(key, Secrets.looksSecret(key) ? Secrets.MASK : entry.getValue(),
                        "a known key (see docs/configuration.md); a key of a service or a Kafka property needs"
                                + " the service or property declared first, in the file or in the 'services' or"
                                + " 'kafka.properties' list",
                        Setting.OVERRIDE);
            }
        }
    }
}
