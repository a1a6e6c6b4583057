package io.microscaler.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microscaler.demo.WorkerPool.Admission;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    @Test
    void workersStartThenTheQueueFillsThenRequestsAreRefused() {
        WorkerPool<String> pool = new WorkerPool<>(2, 1);
        assertThat(pool.offer("a")).isEqualTo(Admission.STARTED);
        assertThat(pool.offer("b")).isEqualTo(Admission.STARTED);
        assertThat(pool.offer("c")).isEqualTo(Admission.QUEUED);
        assertThat(pool.offer("d")).isEqualTo(Admission.REJECTED);
        assertThat(pool.busy()).isEqualTo(2);
        assertThat(pool.queued()).isEqualTo(1);
        assertThat(pool.inFlight()).isEqualTo(3);
    }

    @Test
    void aFinishingWorkerTakesTheOldestWaitingJobThenGoesIdle() {
        WorkerPool<String> pool = new WorkerPool<>(1, 3);
        pool.offer("a");
        pool.offer("b");
        pool.offer("c");
        assertThat(pool.finish()).isEqualTo("b");
        assertThat(pool.busy()).isEqualTo(1);
        assertThat(pool.finish()).isEqualTo("c");
        assertThat(pool.finish()).isNull();
        assertThat(pool.busy()).isZero();
        assertThat(pool.offer("d")).isEqualTo(Admission.STARTED);
    }

    @Test
    void aZeroQueueRefusesAsSoonAsEveryWorkerIsBusy() {
        WorkerPool<String> pool = new WorkerPool<>(1, 0);
        pool.offer("a");
        assertThat(pool.offer("b")).isEqualTo(Admission.REJECTED);
    }

    @Test
    void misuseIsRefused() {
        assertThatThrownBy(() -> new WorkerPool<>(0, 1)).hasMessage("workers must be ≥ 1, but was 0");
        assertThatThrownBy(() -> new WorkerPool<>(1, -1)).hasMessage("queueLimit must be ≥ 0, but was -1");
        assertThatThrownBy(() -> new WorkerPool<>(1, 1).finish()).isInstanceOf(IllegalStateException.class);
    }
}
