package io.microscaler.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.policy.Capacity;
import io.vertx.core.Future;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingTargetTest {

    @Test
    void eachServiceGoesToItsTargetAndTheRestToTheDefault() {
        DryRunTarget serviceMode = new DryRunTarget(Map.of("api", 2, "iiif", 1));
        DryRunTarget taskMode = new DryRunTarget(Map.of("iiif", 1));
        RoutingTarget routing = new RoutingTarget(serviceMode, Map.of("iiif", taskMode));

        Future<Capacity> iiif = routing.apply("iiif", 5);
        Future<Capacity> api = routing.apply("api", 3);

        assertThat(iiif.result()).isEqualTo(new Capacity(5, 5, 0));
        assertThat(api.result()).isEqualTo(new Capacity(3, 3, 0));
        assertThat(taskMode.applied()).containsExactly(new DryRunTarget.Applied("iiif", 5));
        assertThat(serviceMode.applied()).containsExactly(new DryRunTarget.Applied("api", 3));
        assertThat(routing.observe("iiif").result()).isEqualTo(new Capacity(5, 5, 0));
        assertThat(routing.targetOf("other")).isSameAs(serviceMode);
    }

    @Test
    void itsNameListsTheTargetsOnce() {
        ScalingTarget a = named("ecs-service");
        ScalingTarget b = named("ecs-tasks");

        assertThat(new RoutingTarget(a, Map.of("x", b, "y", b)).name()).isEqualTo("ecs-service+ecs-tasks");
        assertThat(new RoutingTarget(a, Map.of()).name()).isEqualTo("ecs-service");
    }

    private static ScalingTarget named(String name) {
        return new ScalingTarget() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Future<Capacity> apply(String service, int desired) {
                return Future.failedFuture("unused");
            }

            @Override
            public Future<Capacity> observe(String service) {
                return Future.failedFuture("unused");
            }
        };
    }
}
