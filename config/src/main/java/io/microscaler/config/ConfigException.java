package io.microscaler.config;

import java.nio.file.Path;

/**
 * A configuration microscaler refuses to start with. The message says everything an operator needs
 * to fix it without reading code:
 * <pre>
 * config key 'services.iiif.maxTasks' = '-3': expected a whole number &gt;= 1 (from environment variable MICROSCALER_SERVICES_IIIF_MAX_TASKS)
 * config file '/etc/microscaler.yaml': expected valid YAML, but line 4, column 9: mapping values are not allowed here
 * </pre>
 * Secret values ({@link Secrets#isSecret}) are replaced by {@link Secrets#MASK} here, in the message
 * and in {@link #value()}, so neither a log line nor a caller can leak them.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    // A whole YAML section given where a number belongs would otherwise flood the log.
    private static final int MAX_SHOWN = 200;

    private final String key;
    private final String value;
    private final String expected;
    private final String origin;

    /**
     * @param key      the dotted key, e.g. {@code services.iiif.maxTasks}
     * @param value    the value as given (redacted here if the key is secret)
     * @param expected what would have been accepted, e.g. "a whole number >= 1"
     * @param origin   where the value came from, e.g. "environment variable MICROSCALER_HTTP_PORT",
     *                 "file /etc/microscaler.yaml", "default"
     */
    public ConfigException(String key, String value, String expected, String origin) {
        this(key, Secrets.redact(key, value), expected, origin, null, null);
    }

    private ConfigException(String key, String value, String expected, String origin, String problem, Throwable cause) {
        super(message(key, value, expected, origin, problem), cause);
        this.key = key;
        this.value = value;
        this.expected = expected;
        this.origin = origin;
    }

    /**
     * A problem with the file as a whole (missing, unreadable, not YAML, not a mapping): there is no
     * key, so {@link #key()} is {@code null}, {@link #value()} is the file's path and
     * {@link #origin()} is {@code null}.
     */
    public static ConfigException file(Path file, String expected, String problem, Throwable cause) {
        return new ConfigException(null, String.valueOf(file), expected, null, problem, cause);
    }

    /** The dotted key, or {@code null} for a problem with the file as a whole. */
    public String key() {
        return key;
    }

    /** The value as given, {@link Secrets#MASK} if it is a secret; the file's path for file problems. */
    public String value() {
        return value;
    }

    /** What would have been accepted. */
    public String expected() {
        return expected;
    }

    /** Where the value came from ("default", "file …", "environment variable …", "explicit override"). */
    public String origin() {
        return origin;
    }

    private static String message(String key, String value, String expected, String origin, String problem) {
        if (key == null) {
            return "config file '" + value + "': expected " + expected + (problem == null ? "" : ", but " + problem);
        }
        return "config key '" + key + "' = '" + shorten(value) + "': expected " + expected
                + (origin == null ? "" : " (from " + origin + ")");
    }

    private static String shorten(String value) {
        if (value == null) {
            return "";
        }
        return value.length() <= MAX_SHOWN ? value : value.substring(0, MAX_SHOWN) + "…";
    }
}
