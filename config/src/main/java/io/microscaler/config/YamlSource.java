package io.microscaler.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The YAML layer: reads the file into a tree and writes every value it holds into {@link RawSettings}
 * under its dotted key ({@code http: {port: 9090}} → {@code http.port}). Every name is checked
 * against the known keys at its level, so a typo stops the start with the valid names listed
 * instead of being silently ignored while the default applies.
 */
final class YamlSource {

    // Duplicate keys are an error: with "last one wins" a copy-pasted block could silently undo a bound.
    private static final ObjectMapper YAML = new ObjectMapper(
            YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    static void apply(Path file, RawSettings into) {
        JsonNode root = read(file);
        if (root == null || root.isMissingNode() || root.isNull()) {
            return; // an empty file (or only comments) means: all defaults
        }
        if (!root.isObject()) {
            throw ConfigException.file(file, "a YAML mapping of keys (http:, kafka:, services: …) at the top level",
                    "it holds " + describe(root), null);
        }
        new YamlSource(Setting.file(file), into).section("", root);
    }

    private static JsonNode read(Path file) {
        if (!Files.exists(file)) {
            throw ConfigException.file(file, "an existing, readable YAML file", "there is no such file", null);
        }
        if (Files.isDirectory(file)) {
            throw ConfigException.file(file, "an existing, readable YAML file", "it is a directory", null);
        }
        try {
            return YAML.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            throw ConfigException.file(file, "valid YAML", where + problem(e.getOriginalMessage()), e);
        } catch (NoSuchFileException e) {
            throw ConfigException.file(file, "an existing, readable YAML file", "there is no such file", e);
        } catch (IOException e) {
            throw ConfigException.file(file, "an existing, readable YAML file", "it cannot be read: " + e, e);
        }
    }

    private final String origin;
    private final RawSettings into;

    private YamlSource(String origin, RawSettings into) {
        this.origin = origin;
        this.into = into;
    }

    /** A fixed section: each name must be a key or a sub-section known at this level. */
    private void section(String prefix, JsonNode node) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            JsonNode value = field.getValue();
            if (!Defaults.childrenOf(prefix).contains(field.getKey())) {
                throw unknown(prefix, field.getKey(), value, Defaults.childrenOf(prefix));
            } else if (key.equals(Defaults.SERVICES)) {
                services(value);
            } else if (key.equals(Defaults.KAFKA_PROPERTIES)) {
                properties(key, "", value);
            } else if (Defaults.isKey(key)) {
                into.setFixed(key, new Setting(scalar(key, value), origin));
            } else if (!isAbsent(value)) { // an empty section ("kafka:" alone) just keeps the defaults
                requireSection(key, value, "a section with the keys " + String.join(", ", Defaults.childrenOf(key)));
                section(key, value);
            }
        }
    }

    private void services(JsonNode node) {
        if (isAbsent(node)) {
            return; // "services:" with every entry commented out: scale nothing, which is valid
        }
        requireSection(Defaults.SERVICES, node,
                "a section of service ids, each with its settings, e.g. services: {api: {target: 100}}");
        for (Map.Entry<String, JsonNode> service : node.properties()) {
            String id = service.getKey();
            into.declareService(id, origin);
            String prefix = Defaults.SERVICES + "." + id;
            JsonNode body = service.getValue();
            if (isAbsent(body)) {
                continue; // "api:" alone: a service on serviceDefaults
            }
            requireSection(prefix, body, "a section with the keys " + String.join(", ", Defaults.SERVICE_FIELDS));
            for (Map.Entry<String, JsonNode> field : body.properties()) {
                if (!Defaults.SERVICE_FIELDS.contains(field.getKey())) {
                    throw unknown(prefix, field.getKey(), field.getValue(), Defaults.SERVICE_FIELDS);
                }
                String key = prefix + "." + field.getKey();
                into.setServiceField(id, field.getKey(), new Setting(scalar(key, field.getValue()), origin));
            }
        }
    }

    /** Kafka properties: any names; nested sections are joined with dots ({@code ssl: {protocol: TLS}}). */
    private void properties(String key, String namePrefix, JsonNode node) {
        if (isAbsent(node)) {
            return;
        }
        requireSection(key, node, "a section of Kafka client properties, e.g. security.protocol: SSL");
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = namePrefix.isEmpty() ? field.getKey() : namePrefix + "." + field.getKey();
            String propertyKey = Defaults.KAFKA_PROPERTIES + "." + name;
            if (field.getValue().isObject()) {
                properties(propertyKey, name, field.getValue());
                continue;
            }
            if (into.property(name) != null) {
                throw new ConfigException(propertyKey, scalar(propertyKey, field.getValue()),
                        "each Kafka property given once (it is also given nested or dotted)", origin);
            }
            into.setProperty(name, new Setting(scalar(propertyKey, field.getValue()), origin));
        }
    }

    /**
     * The text of a single value; a YAML null ({@code port:} alone) is the empty text. A service's
     * {@code schedules} list is kept as its JSON text, the same form an environment variable gives it.
     */
    private String scalar(String key, JsonNode value) {
        if (value.isArray() && key.endsWith("." + ScheduleValues.FIELD) && !key.startsWith(Defaults.KAFKA_PROPERTIES)) {
            return value.toString();
        }
        if (value.isContainerNode()) {
            throw new ConfigException(key, value.toString(),
                    "a single value, not a " + (value.isArray() ? "list" : "section")
                            + (key.startsWith(Defaults.KAFKA_PROPERTIES) ? " (write a list as comma-separated text)" : ""),
                    origin);
        }
        return value.isNull() ? "" : value.asText();
    }

    /** A name with nothing after it: YAML gives null, or (in flow style, "{api: }") the empty text. */
    private static boolean isAbsent(JsonNode node) {
        return node.isNull() || (node.isTextual() && node.asText().isEmpty());
    }

    private void requireSection(String key, JsonNode value, String expected) {
        if (!value.isObject()) {
            throw new ConfigException(key, value.isTextual() ? value.asText() : value.toString(), expected, origin);
        }
    }

    private ConfigException unknown(String prefix, String name, JsonNode value, List<String> valid) {
        String key = prefix.isEmpty() ? name : prefix + "." + name;
        String where = prefix.isEmpty() ? "one of the top-level keys: " : "one of the keys under '" + prefix + "': ";
        String suggestion = Spelling.closest(name, valid);
        // Not the content of a misnamed section: "kafka: {propertes: {…}}" would print the credentials.
        String shown = value.isObject() ? "{…}" : value.isArray() ? "[…]"
                : Secrets.looksSecret(key) ? Secrets.MASK : value.asText();
        return new ConfigException(key, shown,
                where + String.join(", ", valid) + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)"),
                origin);
    }

    private static String describe(JsonNode node) {
        return node.isArray() ? "a list" : "a single value '" + node.asText() + "'";
    }

    /*
     * The YAML parser's message is several lines: the problem at the left margin, then indented
     * context (" in 'reader', line 1 …", the source line, a caret). The location is already given,
     * so keep only the problem, on one line, to fit a log line.
     */
    private static String problem(String message) {
        if (message == null) {
            return "it cannot be parsed";
        }
        List<String> lines = message.lines()
                .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
                .map(String::strip)
                .toList();
        return lines.isEmpty() ? message.strip() : String.join("; ", lines);
    }
}
