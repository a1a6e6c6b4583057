package io.microscaler.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The short form of Kafka client security, {@code kafka.security}, and the Kafka properties each
 * choice stands for. It saves users from writing a JAAS line by hand (and escaping a password in
 * it), and it is checked: a SCRAM choice without a user, or a user without a SCRAM choice, stops
 * start-up. {@code none} adds nothing, so {@code kafka.properties.*} alone decide, as before.
 *
 * <pre>
 * tls           security.protocol=SSL
 * scram-sha-512 security.protocol=SASL_SSL, sasl.mechanism=SCRAM-SHA-512,
 *               sasl.jaas.config=…ScramLoginModule required username="…" password="…";
 * msk-iam       security.protocol=SASL_SSL, sasl.mechanism=AWS_MSK_IAM,
 *               sasl.jaas.config=software.amazon.msk.auth.iam.IAMLoginModule required;,
 *               sasl.client.callback.handler.class=software.amazon.msk.auth.iam.IAMClientCallbackHandler
 * </pre>
 * TLS trust and key stores stay Kafka properties ({@code kafka.properties.ssl.truststore.location}):
 * Amazon MSK's certificates are trusted by the JVM's default store, so most users need none.
 */
public final class KafkaSecurity {

    /** {@code kafka.security}. */
    public enum Mode {
        NONE, TLS, SCRAM_SHA_256, SCRAM_SHA_512, MSK_IAM;

        boolean scram() {
            return this == SCRAM_SHA_256 || this == SCRAM_SHA_512;
        }

        /** As written in the configuration, e.g. {@code scram-sha-512}. */
        public String configName() {
            return Values.configName(this);
        }
    }

    public static final String SECURITY_PROTOCOL = "security.protocol";
    public static final String SASL_MECHANISM = "sasl.mechanism";
    public static final String SASL_JAAS_CONFIG = "sasl.jaas.config";
    public static final String SASL_CALLBACK_HANDLER = "sasl.client.callback.handler.class";

    /** The MSK IAM library's classes (software.amazon.msk:aws-msk-iam-auth), by name: config does not depend on it. */
    public static final String IAM_LOGIN_MODULE = "software.amazon.msk.auth.iam.IAMLoginModule";
    public static final String IAM_CALLBACK_HANDLER = "software.amazon.msk.auth.iam.IAMClientCallbackHandler";
    public static final String SCRAM_LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";

    // The properties a mode other than none sets itself: also setting them under kafka.properties
    // would give two places for one thing, one of them silently losing.
    private static final List<String> OWNED = List.of(SECURITY_PROTOCOL, SASL_MECHANISM, SASL_JAAS_CONFIG, SASL_CALLBACK_HANDLER);
    private static final Set<String> SASL_PROTOCOLS = Set.of("SASL_SSL", "SASL_PLAINTEXT");

    /**
     * The Kafka properties to give every client: those the user set under {@code kafka.properties},
     * with those of {@code kafka.security} added.
     *
     * @param given the user's {@code kafka.properties}, by name, with where each came from
     * @throws ConfigException for a combination that would not do what it says
     */
    static Map<String, String> properties(RawSettings raw, Map<String, Setting> given) {
        Mode mode = Values.choice("kafka.security", raw.fixed("kafka.security"), Mode.class);
        Setting username = raw.fixed("kafka.username");
        Setting password = raw.fixed("kafka.password");
        Setting passwordFile = raw.fixed("kafka.passwordFile");
        Map<String, String> properties = new LinkedHashMap<>();
        given.forEach((name, setting) -> properties.put(name, setting.value()));

        if (!mode.scram()) {
            for (String key : List.of("kafka.username", "kafka.password", "kafka.passwordFile")) {
                Setting s = raw.fixed(key);
                if (!s.value().isEmpty()) {
                    throw Values.fail(key, s, "empty unless kafka.security is scram-sha-256 or scram-sha-512"
                            + " (kafka.security is '" + mode.configName() + "')");
                }
            }
        }
        if (mode == Mode.NONE) {
            checkRawSasl(given);
            return properties;
        }
        for (String name : OWNED) {
            Setting s = given.get(name);
            if (s != null) {
                throw Values.fail(Defaults.KAFKA_PROPERTIES + "." + name, s, "not set when kafka.security is '"
                        + mode.configName() + "', which sets it itself (remove one of the two, or set kafka.security: none"
                        + " to configure security with kafka.properties alone)");
            }
        }
        switch (mode) {
            case TLS -> properties.put(SECURITY_PROTOCOL, "SSL");
            case MSK_IAM -> {
                // Credentials from the AWS SDK's default chain: on ECS, the task role.
                properties.put(SECURITY_PROTOCOL, "SASL_SSL");
                properties.put(SASL_MECHANISM, "AWS_MSK_IAM");
                properties.put(SASL_JAAS_CONFIG, IAM_LOGIN_MODULE + " required;");
                properties.put(SASL_CALLBACK_HANDLER, IAM_CALLBACK_HANDLER);
            }
            default -> {
                String user = Values.nonBlank("kafka.username", username,
                        "the SCRAM user name (kafka.security is '" + mode.configName() + "')");
                String secret = password(password, passwordFile, mode);
                properties.put(SECURITY_PROTOCOL, "SASL_SSL");
                properties.put(SASL_MECHANISM, mode == Mode.SCRAM_SHA_256 ? "SCRAM-SHA-256" : "SCRAM-SHA-512");
                properties.put(SASL_JAAS_CONFIG, SCRAM_LOGIN_MODULE + " required username=" + quoted(user)
                        + " password=" + quoted(secret) + ";");
            }
        }
        return properties;
    }

    /** The mode of a loaded configuration's properties, for display: which short form set them, if any. */
    static Mode mode(RawSettings raw) {
        return Values.choice("kafka.security", raw.fixed("kafka.security"), Mode.class);
    }

    private static String password(Setting password, Setting passwordFile, Mode mode) {
        boolean direct = !password.value().isEmpty();
        boolean file = !passwordFile.value().isBlank();
        if (direct && file) {
            throw Values.fail("kafka.passwordFile", passwordFile, "empty when kafka.password is set (give the password one way)");
        }
        if (!direct && !file) {
            throw Values.fail("kafka.password", password, "the SCRAM password, here or in a file named by kafka.passwordFile"
                    + " (kafka.security is '" + mode.configName() + "')");
        }
        if (direct) {
            return checked("kafka.password", password, password.value());
        }
        Path path = Path.of(passwordFile.value().strip());
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw Values.fail("kafka.passwordFile", passwordFile, "a readable file holding the SCRAM password, but it"
                    + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        // A file written by echo or an editor ends in a line break, which is not part of the password.
        String secret = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (secret.isEmpty()) {
            throw Values.fail("kafka.passwordFile", passwordFile, "a file holding the SCRAM password, but it is empty");
        }
        return checked("kafka.passwordFile", passwordFile, secret);
    }

    private static String checked(String key, Setting s, String secret) {
        // A line break would end the JAAS entry early; no SCRAM tool makes such a password.
        if (secret.chars().anyMatch(Character::isISOControl)) {
            throw new ConfigException(key, key.equals("kafka.password") ? Secrets.MASK : s.value(),
                    "a password without control characters (line breaks, tabs)", s.origin());
        }
        return secret;
    }

    /** A JAAS option value: double-quoted, with backslashes and quotes escaped as its parser reads them. */
    static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /*
     * With kafka.security: none, the raw properties are the user's to set; one combination is caught
     * because the client would ignore it without a word: a SASL mechanism over a protocol without
     * SASL connects unauthenticated (PLAINTEXT is the default protocol).
     */
    private static void checkRawSasl(Map<String, Setting> given) {
        Setting mechanism = given.get(SASL_MECHANISM);
        if (mechanism == null) {
            return;
        }
        Setting protocol = given.get(SECURITY_PROTOCOL);
        String value = protocol == null ? "PLAINTEXT" : protocol.value().strip();
        if (!SASL_PROTOCOLS.contains(value)) {
            throw new ConfigException(Defaults.KAFKA_PROPERTIES + "." + SECURITY_PROTOCOL, value,
                    "SASL_SSL (or SASL_PLAINTEXT) when kafka.properties.sasl.mechanism is set ("
                            + mechanism.value() + "): with " + value + " the client ignores the mechanism and does not"
                            + " authenticate", protocol == null ? Setting.DEFAULT : protocol.origin());
        }
    }

    private KafkaSecurity() {
    }
}
