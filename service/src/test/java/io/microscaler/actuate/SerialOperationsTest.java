package io.microscaler.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One operation in flight per service, in the order asked, whatever the outcome of the one before. */
class SerialOperationsTest {

    private final SerialOperations operations = new SerialOperations();
    private final List<String> started = new ArrayList<>();

    private Future<Integer> op(String name, Promise<Integer> done) {
        started.add(name);
        return done.future();
    }

    @Test
    void aServicesSecondOperationStartsOnlyOnceTheFirstHasEnded() {
        Promise<Integer> apply = Promise.promise();
        Promise<Integer> read = Promise.promise();
        Future<Integer> first = operations.run("web", () -> op("apply web", apply));
        Future<Integer> second = operations.run("web", () -> op("read web", read));

        assertThat(started).containsExactly("apply web");
        assertThat(operations.busy("web")).isTrue();
        apply.complete(8);
        assertThat(started).containsExactly("apply web", "read web");
        read.complete(8);
        assertThat(first.result()).isEqualTo(8);
        assertThat(second.result()).isEqualTo(8);
        assertThat(operations.busy("web")).isFalse();
    }

    @Test
    void otherServicesDoNotWait() {
        operations.run("web", () -> op("apply web", Promise.promise()));
        operations.run("worker", () -> op("apply worker", Promise.promise()));

        assertThat(started).containsExactly("apply web", "apply worker");
        assertThat(operations.busy("web")).isTrue();
        assertThat(operations.busy("api")).isFalse();
    }

    @Test
    void aFailedOperationDoesNotStopTheNextOne() {
        Promise<Integer> failing = Promise.promise();
        Future<Integer> first = operations.run("web", () -> op("apply web", failing));
        Future<Integer> second = operations.run("web", () -> Future.succeededFuture(3));
        failing.fail(new IllegalStateException("throttled"));

        assertThat(first.failed()).isTrue();
        assertThat(second.result()).isEqualTo(3);
        assertThat(operations.busy("web")).isFalse();
    }

    @Test
    void anOperationThatThrowsFailsItsOwnFutureOnly() {
        Future<Integer> thrown = operations.run("web", () -> {
            throw new IllegalArgumentException("bad count");
        });
        Future<Integer> next = operations.run("web", () -> Future.succeededFuture(2));

        assertThat(thrown.cause()).isInstanceOf(IllegalArgumentException.class).hasMessage("bad count");
        assertThat(next.result()).isEqualTo(2);
    }

    @Test
    void threeInARowRunInTheOrderAsked() {
        Promise<Integer> a = Promise.promise();
        Promise<Integer> b = Promise.promise();
        operations.run("web", () -> op("a", a));
        operations.run("web", () -> op("b", b));
        operations.run("web", () -> op("c", Promise.promise()));
        a.complete(1);
        b.complete(2);

        assertThat(started).containsExactly("a", "b", "c");
    }
}
