package io.microscaler.config;

/**
 * The one rule from a dotted key to its environment variable. It only ever runs forwards (key →
 * variable): the loader asks for the variable of each key it knows, so a service id with a dot or a
 * dash can never be mis-split, as it could if variable names were parsed back into keys.
 *
 * <p>The rule: {@code MICROSCALER_}, then the key with an {@code _} inserted where a lower-case
 * letter or digit is followed by an upper-case letter, every other character that is not an ASCII
 * letter or digit replaced by {@code _}, all upper case:
 * <pre>
 * kafka.bootstrapServers            → MICROSCALER_KAFKA_BOOTSTRAP_SERVERS
 * services.ocr-worker.maxTasks      → MICROSCALER_SERVICES_OCR_WORKER_MAX_TASKS
 * kafka.properties.sasl.jaas.config → MICROSCALER_KAFKA_PROPERTIES_SASL_JAAS_CONFIG
 * services                          → MICROSCALER_SERVICES (a comma-separated list of service ids)
 * </pre>
 */
public final class EnvNames {

    public static final String PREFIX = "MICROSCALER_";

    /** The environment variable that overrides this dotted key. */
    public static String variableFor(String key) {
        StringBuilder name = new StringBuilder(PREFIX.length() + key.length() + 8).append(PREFIX);
        char previous = 0;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (isAsciiLetterOrDigit(c)) {
                if (isUpper(c) && (isLower(previous) || isDigit(previous))) {
                    name.append('_');
                }
                name.append(Character.toUpperCase(c));
            } else {
                name.append('_');
            }
            previous = c;
        }
        return name.toString();
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return isLower(c) || isUpper(c) || isDigit(c);
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private EnvNames() {
    }
}
