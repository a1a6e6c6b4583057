package io.microscaler.config;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which configuration values are secrets: {@code kafka.properties.*} that look like credentials
 * (SASL JAAS configs, key-store passwords, OAuth tokens), {@code kafka.password} and
 * {@code actuator.aws.secretAccessKey};
 * the rest of the configuration is deliberately free of them, so it can be shown whole in errors
 * and on the API.
 */
public final class Secrets {

    /** Shown instead of a secret value. */
    public static final String MASK = "****";

    // Fixed keys that hold credentials (AWS static credentials: the secret half of the pair).
    private static final Set<String> SECRET_KEYS = Set.of("actuator.aws.secretAccessKey", "admin.token", "kafka.password");

    private static final String PROPERTIES_PREFIX = Defaults.KAFKA_PROPERTIES + ".";

    // Substrings of Kafka property names that carry credentials: sasl.jaas.config,
    // ssl.key.password, ssl.keystore.password, sasl.oauthbearer client secrets and tokens.
    // "key" errs on the safe side: it also hides ssl.keystore.location, which is not secret,
    // but hiding a path costs less than showing a key.
    private static final List<String> WORDS = List.of("password", "secret", "jaas", "token", "key");

    /** True if the value of this dotted key must never be shown. */
    public static boolean isSecret(String key) {
        if (key != null && SECRET_KEYS.contains(key)) {
            return true;
        }
        return key != null && key.startsWith(PROPERTIES_PREFIX)
                && looksSecret(key.substring(PROPERTIES_PREFIX.length()));
    }

    /**
     * True if a name suggests a credential. Used on its own for names that are not keys at all (a
     * misplaced {@code kafka: {sasl.jaas.config: …}} is an unknown key, but still a secret).
     */
    public static boolean looksSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return WORDS.stream().anyMatch(lower::contains);
    }

    /** The value as it may be shown: {@link #MASK} for a secret, otherwise unchanged. */
    public static String redact(String key, String value) {
        return value != null && isSecret(key) ? MASK : value;
    }

    private Secrets() {
    }
}
