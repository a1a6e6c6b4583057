package io.microscaler.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/metrics.md lists each metric once, in Prometheus naming. */
class MetricsCatalogueTest {

    private final List<MetricsCatalogue.Entry> entries = MetricsCatalogue.entries();

    @Test
    void namesFollowPrometheusConventions() {
        assertThat(entries).hasSizeGreaterThan(40);
        Set<String> seen = new HashSet<>();
        for (MetricsCatalogue.Entry e : entries) {
            assertThat(seen.add(e.name())).as("%s listed once", e.name()).isTrue();
            if (e.type().startsWith("counter")) {
                assertThat(e.name()).as("a counter ends in _total").endsWith("_total");
            } else {
                assertThat(e.name()).as("only counters end in _total").doesNotEndWith("_total");
            }
            if (e.type().startsWith("timer")) {
                assertThat(e.name()).as("a timer is in seconds").endsWith("_seconds");
            }
            assertThat(e.name()).as("base units: no milliseconds").doesNotContain("_ms").doesNotContain("millis");
            assertThat(e.tags()).as("%s: bounded tags", e.name()).doesNotContain("task id").doesNotContain("path");
        }
    }

    @Test
    void onlyTheClusterMetricsAreConditional() {
        assertThat(entries.stream().filter(MetricsCatalogue.Entry::coming).map(MetricsCatalogue.Entry::name))
                .isNotEmpty().allMatch(n -> n.startsWith("microscaler_cluster_"));
        assertThat(MetricsCatalogue.mustExist()).noneMatch(n -> n.startsWith("microscaler_cluster_"));
    }
}
