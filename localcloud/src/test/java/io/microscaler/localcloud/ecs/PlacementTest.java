package io.microscaler.localcloud.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PlacementTest {

    private static final Resources TASK = new Resources(256, 512);

    private static Placement.Candidate candidate(String arn, int cpu, int memory, int groupTasks, int inZone) {
        return new Placement.Candidate(arn, new Resources(cpu, memory), groupTasks, inZone);
    }

    private static final List<Placement.Candidate> CANDIDATES = List.of(
            candidate("a", 4096, 6000, 0, 3),   // roomy, none of the group
            candidate("b", 1024, 1000, 2, 2),   // least memory left
            candidate("c", 300, 7000, 1, 0));   // least CPU left

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource({
            "binpack, memory, b",
            "binpack, cpu, c",
            "spread, instanceId, a",
            "spread, host, a",
            "spread, attribute:ecs.availability-zone, c",
    })
    void strategiesChooseAsEcsDoes(String type, String field, String expected) {
        Placement.Result result = Placement.choose(CANDIDATES, TASK, List.of(new Placement.Strategy(type, field)), new Random(1));
        assertThat(result.chosen().arn()).isEqualTo(expected);
    }

    @Test
    void theNextStrategyBreaksTies() {
        List<Placement.Candidate> tied = List.of(candidate("a", 2048, 2048, 1, 0), candidate("b", 2048, 1024, 1, 0),
                candidate("c", 2048, 4096, 2, 0));
        List<Placement.Strategy> spreadThenBinpack = List.of(new Placement.Strategy("spread", "instanceId"),
                new Placement.Strategy("binpack", "memory"));
        assertThat(Placement.choose(tied, TASK, spreadThenBinpack, new Random(1)).chosen().arn()).isEqualTo("b");
    }

    @Test
    void noStrategySpreadsByInstance() {
        assertThat(Placement.choose(CANDIDATES, TASK, List.of(), new Random(7)).chosen().arn()).isEqualTo("a");
    }

    @Test
    void instancesTheTaskDoesNotFitAreSkippedAndNamedWhenNoneFits() {
        List<Placement.Candidate> small = List.of(candidate("lowmem", 4096, 256, 0, 0), candidate("lowcpu", 128, 4096, 0, 0));
        Placement.Result none = Placement.choose(small, TASK, List.of(), new Random(1));
        assertThat(none.placed()).isFalse();
        assertThat(none.shortfalls()).isEqualTo(Map.of("lowmem", "RESOURCE:MEMORY", "lowcpu", "RESOURCE:CPU"));

        List<Placement.Candidate> one = List.of(small.get(0), candidate("fits", 256, 512, 5, 5));
        assertThat(Placement.choose(one, TASK, List.of(), new Random(1)).chosen().arn()).isEqualTo("fits");
    }

    @Test
    void tiesGoToASeededRandomChoice() {
        List<Placement.Candidate> same = List.of(candidate("a", 1024, 1024, 0, 0), candidate("b", 1024, 1024, 0, 0),
                candidate("c", 1024, 1024, 0, 0));
        String first = Placement.choose(same, TASK, List.of(), new Random(99)).chosen().arn();
        assertThat(Placement.choose(same, TASK, List.of(), new Random(99)).chosen().arn()).isEqualTo(first);
    }

    @ParameterizedTest
    @CsvSource({"binpack, disk", "spread, attribute:custom", "pack, memory"})
    void strategiesEcsRejectsAreInvalid(String type, String field) {
        assertThat(new Placement.Strategy(type, field).invalidReason()).isNotNull();
    }
}
