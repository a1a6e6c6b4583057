package io.microscaler.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.observability.ConsumerLag.Partition;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A gauge per partition while some ingest consumer of this process owns it. */
class ConsumerLagTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ConsumerLag lag = new ConsumerLag(registry);

    /** partition → lag, of every partition with a gauge. */
    private Map<String, Double> gauges() {
        Map<String, Double> out = new TreeMap<>();
        for (Gauge g : registry.find("microscaler_ingest_consumer_lag_records").gauges()) {
            out.put(g.getId().getTag("topic") + "/" + g.getId().getTag("partition"), g.value());
        }
        return out;
    }

    @Test
    void eachReportedPartitionHasAGaugeWithItsNewestLag() {
        lag.report("ingest-a", Map.of(new Partition("req", 0), 5.0, new Partition("req", 1), 0.0));
        lag.report("ingest-a", Map.of(new Partition("req", 0), 2.0, new Partition("req", 1), 7.0));

        assertThat(gauges()).isEqualTo(Map.of("req/0", 2.0, "req/1", 7.0));
    }

    @Test
    void aPartitionNoLongerReportedLosesItsGauge() {
        lag.report("ingest-a", Map.of(new Partition("req", 0), 5.0, new Partition("req", 1), 3.0));
        lag.report("ingest-a", Map.of(new Partition("req", 0), 4.0));

        assertThat(gauges()).isEqualTo(Map.of("req/0", 4.0));
    }

    @Test
    void aPartitionTakenOverKeepsItsGaugeWhenTheFormerOwnerReportsWithoutIt() {
        lag.report("ingest-a", Map.of(new Partition("req", 0), 5.0, new Partition("req", 1), 3.0));
        // A rebalance: b takes partition 1 before a has reported its revocation
        lag.report("ingest-b", Map.of(new Partition("req", 1), 1.0));
        lag.report("ingest-a", Map.of(new Partition("req", 0), 6.0));

        assertThat(gauges()).isEqualTo(Map.of("req/0", 6.0, "req/1", 1.0));

        lag.stopped("ingest-b");
        assertThat(gauges()).isEqualTo(Map.of("req/0", 6.0));
    }
}
