package io.microscaler.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The Grafana dashboards under {@code grafana/dashboards}, and every PromQL query in them. */
final class Dashboards {

    static final Path DIR = Path.of("grafana", "dashboards");

    /** Grafana's variables as a query against Prometheus fills them, for one service. */
    static Map<String, String> variables(String service) {
        return Map.of("service", service, "__rate_interval", "15s", "__interval", "15s", "__range", "5m");
    }
    static final String DATASOURCE_UID = "prometheus";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\$(\\w+)");

    /**
     * One query as Grafana would run it.
     *
     * @param where   dashboard file and panel title (or annotation name), for messages
     * @param instant true for an instant query (a stat or table at "now"), false for a range query
     */
    record Query(String where, String expr, boolean instant) {
    }

    static List<Path> files() {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is not valid JSON", e);
        }
    }

    /** Every panel, rows' nested panels included. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            out.add(panel);
            panel.path("panels").forEach(out::add);
        }
        return out;
    }

    /** The dashboard's Prometheus annotations (not Grafana's built-in one). */
    static List<JsonNode> annotations(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode a : dashboard.path("annotations").path("list")) {
            if (DATASOURCE_UID.equals(a.path("datasource").path("uid").asText())) {
                out.add(a);
            }
        }
        return out;
    }

    /** Every panel target and annotation query of every dashboard. */
    static List<Query> queries() {
        List<Query> out = new ArrayList<>();
        for (Path file : files()) {
            JsonNode dashboard = read(file);
            String name = file.getFileName().toString();
            for (JsonNode panel : panels(dashboard)) {
                for (JsonNode target : panel.path("targets")) {
                    out.add(new Query(name + " / " + panel.path("title").asText() + " / " + target.path("refId").asText(),
                            target.path("expr").asText(), target.path("instant").asBoolean(false)
                            && !target.path("range").asBoolean(false)));
                }
            }
            for (JsonNode annotation : annotations(dashboard)) {
                out.add(new Query(name + " / annotation " + annotation.path("name").asText(),
                        annotation.path("expr").asText(), false));
            }
        }
        return out;
    }

    /** The query with Grafana's variables replaced; a variable not in {@code values} is an error. */
    static String fill(String expr, Map<String, String> values) {
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("unknown variable $" + name + " in: " + expr);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private Dashboards() {
    }
}
