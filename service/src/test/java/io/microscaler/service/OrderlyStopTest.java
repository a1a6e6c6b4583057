package io.microscaler.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Closes in order, once, past parts that fail; gives up on a part that hangs, at the deadline. */
class OrderlyStopTest {

    private final List<String> closed = new CopyOnWriteArrayList<>();

    private AutoCloseable part(String name) {
        return () -> closed.add(name);
    }

    @Test
    void closesEveryPartInOrderOnceEvenPastAFailingOne() {
        AutoCloseable failing = () -> {
            closed.add("failing");
            throw new IllegalStateException("broker gone");
        };
        OrderlyStop stop = new OrderlyStop(List.of(part("microscaler"), failing, part("world")), Duration.ofSeconds(30));

        assertThat(stop.run()).isTrue();
        assertThat(stop.run()).as("a second stop (signal and hook both) closes nothing again").isTrue();
        assertThat(closed).containsExactly("microscaler", "failing", "world");
    }

    @Test
    void aPartThatHangsIsLeftBehindAtTheDeadline() {
        CountDownLatch never = new CountDownLatch(1);
        AutoCloseable hanging = () -> {
            closed.add("hanging");
            never.await();
        };
        OrderlyStop stop = new OrderlyStop(List.of(part("microscaler"), hanging, part("world")), Duration.ofMillis(200));
        try {
            assertThat(stop.run()).as("not everything closed").isFalse();
            assertThat(closed).containsExactly("microscaler", "hanging");
        } finally {
            never.countDown();
        }
    }
}
