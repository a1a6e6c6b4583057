package io.microscaler.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboards and provisioning files are what Grafana 10/11 imports as they are, and they only
 * name metrics that docs/metrics.md lists. (Whether each query returns data is
 * PrometheusDashboardsIT's question.)
 */
class DashboardsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern METRIC = Pattern.compile("\\b((?:microscaler|jvm|process|system|vertx)_[a-z0-9_]+)");
    private static final Set<String> EXPECTED = Set.of("overview.json", "service.json", "actuator.json", "ingest.json");

    @Test
    void theFourDashboardsAreImportReadyForGrafana10And11() {
        assertThat(Dashboards.files()).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrderElementsOf(EXPECTED);
        Set<String> uids = new HashSet<>();
        for (Path file : Dashboards.files()) {
            JsonNode d = Dashboards.read(file);
            String name = file.getFileName().toString();
            assertThat(d.path("schemaVersion").asInt()).as(name).isEqualTo(39);
            assertThat(d.has("__inputs")).as(name + ": provisioning form, no __inputs").isFalse();
            assertThat(d.path("id").isNull()).as(name + ": id null, so an import creates it").isTrue();
            assertThat(uids.add(d.path("uid").asText())).as(name + ": uid unique").isTrue();
            assertThat(d.path("uid").asText()).startsWith("microscaler-");
            assertThat(d.path("title").asText()).startsWith("Microscaler / ");
            assertThat(d.path("tags").toString()).contains("microscaler");
            checkPanels(name, d);
        }
    }

    private static void checkPanels(String name, JsonNode d) {
        Set<Integer> ids = new HashSet<>();
        List<int[]> areas = new ArrayList<>();
        for (JsonNode panel : Dashboards.panels(d)) {
            String where = name + " / " + panel.path("title").asText();
            assertThat(ids.add(panel.path("id").asInt())).as(where + ": panel id unique").isTrue();
            JsonNode pos = panel.path("gridPos");
            int x = pos.path("x").asInt();
            int w = pos.path("w").asInt();
            assertThat(x + w).as(where + ": inside the 24-column grid").isLessThanOrEqualTo(24);
            int[] area = {x, pos.path("y").asInt(), w, pos.path("h").asInt()};
            for (int[] other : areas) {
                assertThat(overlap(area, other)).as(where + ": overlaps another panel").isFalse();
            }
            areas.add(area);
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as(where).isEqualTo(Dashboards.DATASOURCE_UID);
            assertThat(panel.path("targets").size()).as(where + ": has queries").isPositive();
            Set<String> refIds = new HashSet<>();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("datasource").path("uid").asText()).as(where).isEqualTo(Dashboards.DATASOURCE_UID);
                assertThat(target.path("expr").asText()).as(where).isNotBlank();
                assertThat(refIds.add(target.path("refId").asText())).as(where + ": refId unique").isTrue();
            }
        }
    }

    private static boolean overlap(int[] a, int[] b) {
        return a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
    }

    @Test
    void theServiceDashboardPicksAServiceAndAnnotatesDecisionsWithTheirReason() {
        JsonNode d = Dashboards.read(Dashboards.DIR.resolve("service.json"));
        JsonNode variable = d.path("templating").path("list").get(0);
        assertThat(variable.path("name").asText()).isEqualTo("service");
        assertThat(variable.path("definition").asText()).isEqualTo("label_values(microscaler_service_desired_tasks, service)");
        assertThat(variable.path("query").asText()).as("the query as a string, which Grafana 10 and 11 both migrate")
                .isEqualTo(variable.path("definition").asText());
        assertThat(variable.path("datasource").path("uid").asText()).isEqualTo(Dashboards.DATASOURCE_UID);

        List<JsonNode> annotations = Dashboards.annotations(d);
        assertThat(annotations).hasSize(2);
        JsonNode decisions = annotations.get(0);
        assertThat(decisions.path("expr").asText()).contains("microscaler_decisions_total{service=\"$service\"}");
        assertThat(decisions.path("textFormat").asText() + decisions.path("titleFormat").asText()).contains("{{reason}}");
        assertThat(decisions.path("tagKeys").asText()).contains("reason");
        // Active schedules as regions: Grafana keeps the points >= 1 and groups those a step apart
        JsonNode schedules = annotations.get(1);
        assertThat(schedules.path("expr").asText()).contains("microscaler_schedule_active{service=\"$service\"}");
        assertThat(schedules.path("titleFormat").asText()).contains("{{schedule}}");
        assertThat(schedules.path("tagKeys").asText()).isEqualTo("schedule");
        // The latency panel draws the target the latency gauge exports
        assertThat(Dashboards.queries()).anyMatch(q -> q.where().startsWith("service.json / Latency against target")
                && q.expr().contains("microscaler_service_latency_target_seconds"));
    }

    @Test
    void everyQueryUsesOnlyKnownVariablesAndNamesOnlyCataloguedMetrics() {
        Set<String> catalogued = new HashSet<>(MetricsCatalogue.mustExist());
        Set<String> unknown = new TreeSet<>();
        for (Dashboards.Query q : Dashboards.queries()) {
            String promql = Dashboards.fill(q.expr(), Dashboards.variables("iiif"));
            Matcher m = METRIC.matcher(promql);
            while (m.find()) {
                String name = m.group(1).replaceAll("_(bucket|count|sum|max)$", "");
                if (!catalogued.contains(name) && !catalogued.contains(m.group(1))) {
                    unknown.add(name + " (" + q.where() + ")");
                }
            }
        }
        assertThat(unknown).as("metrics the dashboards use that docs/metrics.md does not list").isEmpty();
    }

    @Test
    void provisioningNamesTheDatasourceUidAndTheDocumentedDashboardsFolder() throws Exception {
        JsonNode datasources = YAML.readTree(Path.of("grafana", "provisioning", "datasources", "prometheus.yml").toFile());
        JsonNode prometheus = datasources.path("datasources").get(0);
        assertThat(prometheus.path("type").asText()).isEqualTo("prometheus");
        assertThat(prometheus.path("uid").asText()).isEqualTo(Dashboards.DATASOURCE_UID);

        JsonNode providers = YAML.readTree(Path.of("grafana", "provisioning", "dashboards", "microscaler.yml").toFile());
        JsonNode provider = providers.path("providers").get(0);
        assertThat(provider.path("type").asText()).isEqualTo("file");
        String path = provider.path("options").path("path").asText();
        assertThat(path).isEqualTo("/var/lib/grafana/dashboards/microscaler");
        assertThat(java.nio.file.Files.readString(MetricsCatalogue.FILE)).as("docs/metrics.md says where to mount them")
                .contains("grafana/dashboards:" + path);
    }
}
