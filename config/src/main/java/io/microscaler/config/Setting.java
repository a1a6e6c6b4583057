package io.microscaler.config;

/**
 * One raw value and where it came from, kept together until the value is parsed so a failure can
 * say "(from environment variable MICROSCALER_HTTP_PORT)" rather than leave the operator guessing
 * which of four layers set it.
 *
 * @param value  the text as given; {@code null} only for a Kafka property that was named but given
 *               no value
 * @param origin "default", "file /path", "environment variable NAME" or "explicit override"
 */
record Setting(String value, String origin) {

    static final String DEFAULT = "default";
    static final String OVERRIDE = "explicit override";

    static String file(Object path) {
        return "file " + path;
    }

    static String environment(String variable) {
        return "environment variable " + variable;
    }

    /** A service's value taken from {@code serviceDefaults.<field>}: says both where and why. */
    Setting inheritedAs(String defaultsKey) {
        return new Setting(value, defaultsKey + ", " + origin);
    }
}
