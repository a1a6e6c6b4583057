package io.microscaler.actuate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BlockedThreadWarningsTest {

    @Test
    void aLoopWaitingForACoreOrIdleInItsSelectorIsNotBlocked() {
        String working = "at app//io.micrometer.core.instrument.cumulative.CumulativeCounter.increment(CumulativeCounter.java:34)";
        assertThat(BlockedThreadWarnings.isBlocking("Thread vert.x-eventloop-thread-1 has been blocked for 49 ms, time limit"
                + " is 40 ms", working)).as("under twice the limit").isFalse();
        assertThat(BlockedThreadWarnings.isBlocking("Thread vert.x-eventloop-thread-1 has been blocked for 68 ms, time limit"
                + " is 40 ms", "at java.base@17.0.15/sun.nio.ch.EPoll.wait(Native Method)")).as("idle").isFalse();
        assertThat(BlockedThreadWarnings.isBlocking("Thread vert.x-eventloop-thread-1 has been blocked for 103 ms, time limit"
                + " is 40 ms", "at java.base/java.lang.Thread.sleep(Native Method)")).as("a blocking call").isTrue();
        assertThat(BlockedThreadWarnings.isBlocking("Thread vert.x-eventloop-thread-1 has been blocked for 350 ms, time limit"
                + " is 40 ms", "at java.base@17.0.15/sun.nio.ch.EPoll.wait(Native Method)")).as("idle now, whatever it was").isFalse();
    }
}
