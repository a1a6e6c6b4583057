package io.microscaler.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.bus.CapacityObserved.DesiredCount;
import io.microscaler.policy.Capacity;
import java.time.Instant;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a service's policy goes on from after a read: the read itself, or its own wish with the tasks read. */
class CapacityObservedTest {

    @ParameterizedTest(name = "{0}, known desired {1}: policy goes on from {3}")
    @CsvSource(nullValues = "none", value = {
            // whose read    known  read (desired/running/pending)  for the policy
            "APPLIED,        5,     '2,2,0',                         '2,2,0'",
            "APPLIED,        none,  '2,2,0',                         '2,2,0'",
            // the planner granted 3 of a wish of 5: the policy keeps asking for 5
            "GRANTED,        5,     '3,3,0',                         '5,3,0'",
            "GRANTED,        none,  '3,3,0',                         '3,3,0'",
            // shadow: it starts from ECS's real 2, then goes on from the 5 it would have set, with the 2 that run
            "UNCHANGED,      none,  '2,2,0',                         '2,2,0'",
            "UNCHANGED,      5,     '2,2,0',                         '5,2,0'",
            "UNCHANGED,      5,     '2,1,1',                         '5,1,1'",
    })
    void forPolicy(DesiredCount whose, Integer known, String read, String expected) {
        CapacityObserved observed = new CapacityObserved("iiif", capacity(read), Instant.EPOCH, OptionalInt.empty(), whose);
        Capacity knownCapacity = known == null ? null : new Capacity(known, 0, 0);

        assertThat(observed.forPolicy(knownCapacity)).isEqualTo(capacity(expected));
    }

    private static Capacity capacity(String text) {
        String[] n = text.split(",");
        return new Capacity(Integer.parseInt(n[0]), Integer.parseInt(n[1]), Integer.parseInt(n[2]));
    }
}
