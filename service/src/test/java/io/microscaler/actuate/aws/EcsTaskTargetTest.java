package io.microscaler.actuate.aws;

import static io.microscaler.actuate.aws.TaskModeCloud.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microscaler.tasks.TaskModeSettings;
import io.microscaler.policy.Capacity;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What EcsTaskTarget refuses before it calls anything (no clients needed). */
class EcsTaskTargetTest {

    private final Vertx vertx = Vertx.vertx();
    private final AwsCalls calls = new AwsCalls(vertx, new AwsCalls.Settings(1, Duration.ofMillis(1), Duration.ofMillis(1),
            Duration.ofSeconds(1), 10, 10), AwsCallListener.NONE);

    @AfterEach
    void close() {
        get(vertx.close());
    }

    private EcsTaskTarget target(Map<String, TaskModeSettings> settings) {
        return new EcsTaskTarget(vertx, null, null, calls, settings, EcsTaskTarget.Timings.fast(), Clock.systemUTC(),
                AwsCallListener.NONE);
    }

    private static <T> Throwable failure(Context context, Supplier<Future<T>> call) {
        Promise<Throwable> failed = Promise.promise();
        context.runOnContext(v -> call.get().onComplete(r -> failed.complete(r.failed() ? r.cause() : null)));
        return get(failed.future());
    }

    @Test
    void aServiceNotInTaskModeANegativeCountAndAnotherContextAreRefused() {
        EcsTaskTarget target = target(Map.of("web", TaskModeCloud.settings("c", "web-tg")));
        Context owner = vertx.getOrCreateContext();
        Context other = vertx.getOrCreateContext();

        assertThat(failure(owner, () -> target.apply("api", 2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("service 'api' is not in task mode");
        assertThat(failure(owner, () -> target.apply("web", -1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("desired count for 'web' must be >= 0, but was -1");
        assertThat(failure(other, () -> target.observe("web"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must be called on one Vert.x context");
        assertThat(target.counts("web")).hasValueSatisfying(c -> assertThat(c.capacity()).isEqualTo(new Capacity(0, 0, 0)));
        assertThat(target.counts("api")).isEmpty();
    }

    @Test
    void twoServicesMayNotShareATargetGroup() {
        assertThatThrownBy(() -> target(new TreeMap<>(Map.of(
                "a", TaskModeCloud.settings("c", "shared"), "b", TaskModeCloud.settings("c", "shared")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("task-mode services 'a' and 'b' share the target group shared");
    }

    @Test
    void withoutTaskModeServicesServiceModeIsUsedAsIs() {
        EcsServiceTarget serviceMode = new EcsServiceTarget(null, null, calls, "c", Map.of(), AwsCallListener.NONE);

        assertThat(EcsTaskTarget.alongside(serviceMode, Map.of(), vertx, null, calls, AwsCallListener.NONE)).isSameAs(serviceMode);
    }
}
