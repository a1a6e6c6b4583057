package io.microscaler.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NameCacheTest {

    private final NameCache cache = new NameCache();

    private String read(String record, String name) {
        byte[] bytes = record.getBytes(StandardCharsets.US_ASCII);
        int start = record.indexOf(name);
        return cache.of(bytes, start, name.length());
    }

    @Test
    void givesTheNameAndTheSameInstanceForTheSameBytesWhereverTheyStand() {
        String first = read("{\"service\":\"service-07\"}", "service-07");
        String again = read("{\"v\":1,\"service\":\"service-07\",\"ts\":1}", "service-07");
        assertThat(first).isEqualTo("service-07");
        assertThat(again).isSameAs(first);
        assertThat(read("{\"task\":\"t\"}", "t")).isEqualTo("t");
        assertThat(read("{\"task\":\"\"}", "")).isEmpty();
    }

    @Test
    void neverGivesAnotherNameWhenManyShareItsSlots() {
        // far more names than slots, short and long, many alike at one end: each read gives its own text
        Map<String, String> firstSeen = new HashMap<>();
        for (int i = 0; i < 9_000; i++) {
            int which = (int) ((i * 7_919L) % 3_000); // every name three times, in a scattered order
            String name = which % 3 == 0 ? "s" + which : which % 3 == 1 ? "service-" + which : which + "-service-x";
            String got = read("{\"service\":\"" + name + "\"}", name);
            assertThat(got).isEqualTo(name);
            firstSeen.putIfAbsent(name, got);
        }
        assertThat(firstSeen.size()).isEqualTo(3_000);
    }

    @Test
    void tellsApartLongNamesThatDifferOnlyBetweenTheirFirstAndLastEightBytes() {
        // same length, first and last words: the same slot, so only the bytes between tell them apart
        for (String[] pair : new String[][] {
                {"0123456789abcdef0123456789abcdef", "0123456789abcdeX0123456789abcdef"}, // 32 bytes, a word between
                {"0123456789abcdefghij", "01234567X9abcdefghij"},                         // 20 bytes, a part-word
                {"0123456789abcdefg", "01234567Z9abcdefg"}}) {                           // 17 bytes
            String a = read("{\"task\":\"" + pair[0] + "\"}", pair[0]);
            String b = read("{\"task\":\"" + pair[1] + "\"}", pair[1]);
            assertThat(a).isEqualTo(pair[0]);
            assertThat(b).isEqualTo(pair[1]);
            assertThat(read("{\"task\":\"" + pair[0] + "\"}", pair[0])).isEqualTo(pair[0]);
        }
    }
}
