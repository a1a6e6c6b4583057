package io.microscaler.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeadroomTest {

    private static final TaskSize LARGEST = new TaskSize(1024, 1024);

    /** "3072/2048, 512/6144 draining" → instances with those free figures, registered 4096 / 8192. */
    static List<InstanceState> free(String text) {
        List<InstanceState> instances = new ArrayList<>();
        if (text.isBlank()) {
            return instances;
        }
        for (String part : text.split(",")) {
            String[] words = part.trim().split("\\s+");
            String[] f = words[0].split("/");
            instances.add(new InstanceState("i-" + instances.size(), 4096, 8192, Integer.parseInt(f[0]), Integer.parseInt(f[1]),
                    List.of(), words.length > 1));
        }
        return instances;
    }

    @ParameterizedTest(name = "free [{0}] → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            3072/2048                  | 2
            512/6144                   | 0
            3072/2048, 512/6144        | 2
            1536/1536, 1536/1536       | 2
            1023/8192, 4096/1023       | 0
            4096/8192, 4096/8192 x     | 4
            0/0                        | 0
            ''                         | 0
            """)
    void countsWholeLargestTasksPerActiveInstance(String instances, int expected) {
        // 1536/1536 twice: 3 tasks' worth in total, but only one whole task fits on each.
        assertThat(Headroom.schedulableTasks(free(instances), LARGEST)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "instance {0}/{1}, largest {2}/{3} → {4}")
    @CsvSource({
            "4096, 7680, 1024, 1024, 4",  // CPU bound
            "4096, 7680, 256,  512,  15", // memory bound: 7680 / 512
            "4096, 7680, 2048, 8192, 0",  // does not fit at all
            "8192, 15360, 1024, 2048, 7",
    })
    void tasksPerInstanceIsTheLesserOfTheTwoRatios(int cpu, int memory, int taskCpu, int taskMemory, int expected) {
        assertThat(Headroom.tasksPerInstance(new InstanceSize(cpu, memory), new TaskSize(taskCpu, taskMemory)))
                .isEqualTo(expected);
    }

    @Test
    void theLargestTaskTakesTheMostOfEachResourceAcrossServices() {
        assertThat(TaskSize.largestOf(Set.of(new TaskSize(1024, 512), new TaskSize(256, 2048), new TaskSize(512, 1024))))
                .isEqualTo(new TaskSize(1024, 2048));
        assertThatThrownBy(() -> TaskSize.largestOf(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sizesAndInstancesRefuseImpossibleFigures() {
        assertThatThrownBy(() -> new TaskSize(0, 512)).hasMessage("cpu must be > 0, but was 0");
        assertThatThrownBy(() -> new InstanceState("i-1", 1024, 1024, 2048, 512, List.of(), false))
                .hasMessageContaining("free capacity of i-1 must be within 0 and registered (1024 CPU / 1024 MiB)");
        assertThatThrownBy(() -> new HeadroomSettings(1, 4, LARGEST, new InstanceSize(4096, 7680), java.time.Duration.ZERO))
                .hasMessage("high must be > 4 (one instance of 4096 CPU / 7680 MiB holds 4 of the largest task,"
                        + " 1024 CPU / 1024 MiB), but was 4");
        assertThatThrownBy(() -> new HeadroomSettings(1, 9, new TaskSize(8192, 1024), new InstanceSize(4096, 7680),
                java.time.Duration.ZERO)).hasMessageContaining("holds none");
    }
}
