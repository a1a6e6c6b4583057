package io.microscaler.actuate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.observability.ActuatorMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the ECS actuator's listener puts in the registry. */
class AwsCallMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AwsCallListener listener =
            AwsCallListener.meters(new ActuatorMeters(registry, EcsServiceTarget.NAME), EcsServiceTarget.APIS);

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    @Test
    void everyApisFailureCountersExistAtZeroBeforeTheFirstCall() {
        for (String api : EcsServiceTarget.APIS) {
            assertThat(count("microscaler_aws_calls", "api", api, "outcome", "throttled")).isZero();
            assertThat(count("microscaler_aws_retries", "api", api, "cause", "server-error")).isZero();
            assertThat(count("microscaler_aws_calls_failed", "api", api, "last", "io-error")).isZero();
            assertThat(count("microscaler_aws_rate_limited", "api", api)).isZero();
            assertThat(registry.get("microscaler_aws_call").tags("api", api, "outcome", "success").timer().count()).isZero();
        }
        // Attempts for every outcome, give-ups for every failed one, retries for the retryable ones
        assertThat(registry.find("microscaler_aws_calls").counters()).hasSize(3 * 6);
        assertThat(registry.find("microscaler_aws_calls_failed").counters()).hasSize(3 * 5);
        assertThat(registry.find("microscaler_aws_retries").counters()).hasSize(3 * 3);
    }

    @Test
    void anAttemptCountsAndRecordsItsLatencyByApiAndOutcome() {
        listener.attempt("ecs:UpdateService", CallOutcome.THROTTLED, Duration.ofMillis(30));
        listener.attempt("ecs:UpdateService", CallOutcome.SUCCESS, Duration.ofMillis(12));
        listener.attempt("ecs:UpdateService", CallOutcome.SUCCESS, Duration.ofMillis(8));

        assertThat(count("microscaler_aws_calls", "api", "ecs:UpdateService", "outcome", "throttled")).isEqualTo(1);
        assertThat(count("microscaler_aws_calls", "api", "ecs:UpdateService", "outcome", "success")).isEqualTo(2);
        Timer success = registry.get("microscaler_aws_call").tags("api", "ecs:UpdateService", "outcome", "success").timer();
        assertThat(success.count()).isEqualTo(2);
        assertThat(success.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(20);
        assertThat(registry.get("microscaler_aws_call").tags("outcome", "throttled").timer().count()).isEqualTo(1);
    }

    @Test
    void healthyTargetsAreAGaugePerServiceFromTheFirstRead() {
        assertThat(registry.find("microscaler_service_healthy_tasks").gauges()).isEmpty();

        listener.healthy("iiif", 2);
        listener.healthy("iiif", 5);
        listener.healthy("api", 1);

        assertThat(registry.get("microscaler_service_healthy_tasks").tags("service", "iiif").gauge().value()).isEqualTo(5);
        assertThat(registry.get("microscaler_service_healthy_tasks").tags("service", "api").gauge().value()).isEqualTo(1);
    }

    @Test
    void repairsRetriesAndGiveUpsCount() {
        listener.retry("ecs:DescribeServices", CallOutcome.SERVER_ERROR);
        listener.gaveUp("ecs:DescribeServices", CallOutcome.SERVER_ERROR);
        listener.repaired("iiif");

        assertThat(count("microscaler_aws_retries", "api", "ecs:DescribeServices", "cause", "server-error")).isEqualTo(1);
        assertThat(count("microscaler_aws_calls_failed", "api", "ecs:DescribeServices", "last", "server-error")).isEqualTo(1);
        assertThat(registry.get("microscaler_actuator_repairs").counter().count()).isEqualTo(1);
        assertThat(registry.find("microscaler_aws_calls").counters()).extracting(Counter::count).containsOnly(0.0);
    }
}
