package io.microscaler.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OwnershipTest {

    static final List<String> ALL = List.of("a", "b", "c");

    @Test
    void ownsEverythingUntilEveryVerticleCanTell() {
        Ownership ownership = new Ownership();
        assertThat(ownership.owns("a")).isTrue();

        assertThat(ownership.update(new OwnershipChange("v1", true, Set.of(), Set.of(), null), ALL)).isEmpty();
        assertThat(ownership.owns("c")).isTrue();
    }

    @Test
    void whatTheVerticlesOwnIsMergedAndWhatNoneOwnsAnyMoreIsLost() {
        Ownership ownership = new Ownership();
        assertThat(ownership.update(new OwnershipChange("v1", true, Set.of("p-0"), Set.of(), Set.of("a")), ALL))
                .containsExactly("b", "c");
        ownership.update(new OwnershipChange("v2", true, Set.of("p-1"), Set.of(), Set.of("b")), ALL);
        assertThat(ownership.owned()).containsExactlyInAnyOrder("a", "b");

        // v1's partition moves to v2: nothing is lost to this instance.
        assertThat(ownership.update(new OwnershipChange("v1", true, Set.of(), Set.of("a"), Set.of()), ALL)).containsExactly("a");
        assertThat(ownership.update(new OwnershipChange("v2", true, Set.of("p-0", "p-1"), Set.of(), Set.of("a", "b")), ALL))
                .isEmpty();
        assertThat(ownership.owns("a")).isTrue();
        assertThat(ownership.owns("c")).isFalse();
    }
}
