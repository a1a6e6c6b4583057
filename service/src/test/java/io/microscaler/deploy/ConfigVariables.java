package io.microscaler.deploy;

import io.microscaler.config.Defaults;
import io.microscaler.config.EnvNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The MICROSCALER_* variables the configuration reads. The loader ignores variables it does not
 * know (the environment carries more than microscaler's), so a misspelt name in a deploy file would
 * be silently ignored in production: the deploy tests ask this class instead.
 */
final class ConfigVariables {

    /** The names in {@code env} that start with MICROSCALER_ but set no configuration key. */
    static List<String> unknown(Map<String, String> env) {
        Set<String> known = new HashSet<>();
        Defaults.VALUES.keySet().forEach(key -> known.add(EnvNames.variableFor(key)));
        known.add(EnvNames.variableFor(Defaults.SERVICES));
        known.add(EnvNames.variableFor(Defaults.KAFKA_PROPERTIES));
        for (String id : listed(env, Defaults.SERVICES)) {
            Defaults.SERVICE_FIELDS.forEach(field -> known.add(EnvNames.variableFor(Defaults.SERVICES + "." + id + "." + field)));
        }
        for (String property : listed(env, Defaults.KAFKA_PROPERTIES)) {
            known.add(EnvNames.variableFor(Defaults.KAFKA_PROPERTIES + "." + property));
        }
        List<String> unknown = new ArrayList<>();
        for (String name : env.keySet()) {
            if (name.startsWith(EnvNames.PREFIX) && !known.contains(name)) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    private static List<String> listed(Map<String, String> env, String section) {
        String list = env.get(EnvNames.variableFor(section));
        return list == null ? List.of() : List.of(list.split(",")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private ConfigVariables() {
    }
}
