package io.microscaler.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The text of every setting, layer upon layer, before any of it is parsed: the fixed keys (always
 * all present, starting as {@link Defaults}), the services declared so far with the fields set for
 * each, and the Kafka properties. Each layer ({@link YamlSource}, {@link KeyedSource}) writes over
 * the one before; {@link ConfigLoader} then reads it once into records.
 */
final class RawSettings {

    static final Pattern SERVICE_ID = Pattern.compile("[A-Za-z0-9._-]{1,256}");
    static final String SERVICE_ID_EXPECTED =
            "a service id of 1 to 256 characters, each a letter, digit, '.', '_' or '-'";
    private static final Pattern PROPERTY_NAME = Pattern.compile("[A-Za-z0-9._-]{1,256}");
    // These have their own keys; accepting them here too would give two places to set one thing.
    private static final Map<String, String> OWN_KEYS =
            Map.of("bootstrap.servers", "kafka.bootstrapServers", "group.id", "kafka.groupId");

    private final Map<String, Setting> fixed = new LinkedHashMap<>();
    private final Map<String, Map<String, Setting>> services = new LinkedHashMap<>();
    private final Map<String, Setting> properties = new LinkedHashMap<>();
    // Environment variable stem → entry, so two entries that would share variables are refused.
    private final Map<String, String> stems = new HashMap<>();

    static RawSettings defaults() {
        RawSettings raw = new RawSettings();
        Defaults.VALUES.forEach((key, value) -> raw.fixed.put(key, new Setting(value, Setting.DEFAULT)));
        return raw;
    }

    Setting fixed(String key) {
        return fixed.get(key);
    }

    void setFixed(String key, Setting setting) {
        if (!Defaults.isKey(key)) {
            throw new IllegalArgumentException("not a fixed key: " + key);
        }
        fixed.put(key, setting);
    }

    Set<String> serviceIds() {
        return Collections.unmodifiableSet(services.keySet());
    }

    /** The fields set for this service itself (not inherited), by field name. */
    Map<String, Setting> serviceFields(String id) {
        return Collections.unmodifiableMap(services.get(id));
    }

    void declareService(String id, String origin) {
        if (services.containsKey(id)) {
            return;
        }
        if (id == null || !SERVICE_ID.matcher(id).matches()) {
            throw new ConfigException(Defaults.SERVICES, id, SERVICE_ID_EXPECTED, origin);
        }
        claimStem(Defaults.SERVICES, id, "service", origin);
        services.put(id, new LinkedHashMap<>());
    }

    void setServiceField(String id, String field, Setting setting) {
        services.get(id).put(field, setting);
    }

    Set<String> propertyNames() {
        return Collections.unmodifiableSet(properties.keySet());
    }

    /** The property's value and origin; the value is {@code null} if it was named but not given one. */
    Setting property(String name) {
        return properties.get(name);
    }

    /** Names a property whose value may come from a later layer (the environment list does this). */
    void declareProperty(String name, String origin) {
        if (properties.containsKey(name)) {
            return;
        }
        String key = Defaults.KAFKA_PROPERTIES + "." + name;
        if (name == null || !PROPERTY_NAME.matcher(name).matches()) {
            throw new ConfigException(Defaults.KAFKA_PROPERTIES, name,
                    "a Kafka client property name of letters, digits, '.', '_' or '-', e.g. security.protocol", origin);
        }
        String own = OWN_KEYS.get(name);
        if (own != null) {
            throw new ConfigException(key, "", "no such property here: set " + own + " instead", origin);
        }
        claimStem(Defaults.KAFKA_PROPERTIES, name, "Kafka property", origin);
        properties.put(name, new Setting(null, origin));
    }

    void setProperty(String name, Setting setting) {
        declareProperty(name, setting.origin());
        properties.put(name, setting);
    }

    private void claimStem(String section, String name, String what, String origin) {
        String stem = EnvNames.variableFor(section + "." + name);
        String other = stems.putIfAbsent(stem, name);
        if (other != null && !other.equals(name)) {
            throw new ConfigException(section, name, "a " + what + " name that does not map to the same environment"
                    + " variable name (" + stem + ") as " + what + " '" + other + "'; rename one of them", origin);
        }
    }
}
