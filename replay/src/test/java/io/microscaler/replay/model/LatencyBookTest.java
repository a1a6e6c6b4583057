package io.microscaler.replay.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyBookTest {

    @Test
    void p95IsTheNearestRank() {
        float[] twenty = new float[20];
        for (int i = 0; i < 20; i++) {
            twenty[i] = 20 - i; // 20, 19, …, 1: sorted by p95
        }
        assertThat(LatencyBook.p95(twenty, 20)).isEqualTo(19f);       // the 19th of 20
        assertThat(LatencyBook.p95(new float[] {5, 1, 9}, 3)).isEqualTo(9f); // ceil(2.85) = 3rd
        assertThat(LatencyBook.p95(new float[0], 0)).isNaN();
    }

    @Test
    void oneDropInTwentyIsToleratedTwoAreNot() {
        float[] v = new float[20];
        java.util.Arrays.fill(v, 40);
        v[0] = Float.POSITIVE_INFINITY;
        assertThat(LatencyBook.p95(v.clone(), 20)).isEqualTo(40f);
        v[1] = Float.POSITIVE_INFINITY;
        assertThat(LatencyBook.p95(v.clone(), 20)).isInfinite();
    }

    @Test
    void aSecondIsBookedEvenAfterALaterOnesAndClosesInOrder() {
        LatencyBook book = new LatencyBook();
        List<String> closed = new ArrayList<>();
        book.addDropped(3);      // a drop in second 3 …
        book.add(1, 100);        // … before a request of second 1, which waited, starts
        for (long s = 4; s < 20; s++) {
            book.add(s, s);      // grows the ring past its first size
        }
        book.add(2, 50);
        book.closeBefore(5, (s, p95) -> closed.add(s + ":" + p95));
        assertThat(closed).containsExactly("0:NaN", "1:100.0", "2:50.0", "3:Infinity", "4:4.0");
        book.closeBefore(20, (s, p95) -> closed.add(s + ":" + p95));
        assertThat(closed).hasSize(20).endsWith("19:19.0");
    }
}
