package io.microscaler.replay.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CompletionHeapTest {

    @Test
    void completionsComeOutInTimeOrderWithTheirTaskAndLatency() {
        CompletionHeap heap = new CompletionHeap();
        SplittableRandom random = new SplittableRandom(3);
        List<Double> pushed = new ArrayList<>();
        for (int i = 0; i < 500; i++) { // beyond the first capacity of 64
            double t = random.nextDouble() * 100;
            pushed.add(t);
            heap.push(t, i, t * 2, t);
        }
        double previous = -1;
        int popped = 0;
        while (!heap.isEmpty()) {
            double t = heap.peekTime();
            assertThat(t).isGreaterThanOrEqualTo(previous);
            assertThat(heap.peekLatencyMs()).isEqualTo(t * 2);
            assertThat(pushed.get(heap.peekTask())).isEqualTo(t);
            heap.pop();
            previous = t;
            popped++;
        }
        assertThat(popped).isEqualTo(500);
    }
}
