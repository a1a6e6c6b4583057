package io.microscaler.localcloud.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Instances written as zone letters in launch order: "aab" is i-1 in a, i-2 in a, i-3 in b. */
class PlacementTest {

    static final List<String> ZONES = List.of("eu-west-1a", "eu-west-1b", "eu-west-1c");

    static List<GroupInstance> instances(String zones) {
        List<GroupInstance> list = new ArrayList<>();
        for (int i = 0; i < zones.length(); i++) {
            list.add(new GroupInstance("i-" + (i + 1), "eu-west-1" + zones.charAt(i), "c5.xlarge", false,
                    Instant.EPOCH, i + 1));
        }
        return list;
    }

    @ParameterizedTest(name = "{0} → launch in {1}")
    @CsvSource({"'', a", "a, b", "ab, c", "abc, a", "aabc, b", "bbcc, a", "abbcc, a", "aabbc, c"})
    void launchesInTheZoneWithFewestInstances(String live, char zone) {
        assertThat(Placement.launchZone(ZONES, instances(live))).isEqualTo("eu-west-1" + zone);
    }

    @ParameterizedTest(name = "{0} → terminate {1}")
    @CsvSource({"a, i-1", "abc, i-3", "abca, i-4", "aab, i-2", "abb, i-3", "aabbc, i-4", "abcabc, i-6", "bcaa, i-4"})
    void terminatesTheNewestOfAZoneWithMostInstances(String live, String victim) {
        assertThat(Placement.scaleInVictim(instances(live))).map(i -> i.instanceId).contains(victim);
    }

    @ParameterizedTest
    @CsvSource({"''"})
    void noneToTerminateInAnEmptyGroup(String live) {
        assertThat(Placement.scaleInVictim(instances(live))).isEmpty();
    }
}
