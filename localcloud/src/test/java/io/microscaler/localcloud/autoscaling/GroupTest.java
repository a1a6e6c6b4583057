package io.microscaler.localcloud.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.localcloud.AutoScalingGroupSpec;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GroupTest {

    @ParameterizedTest(name = "{0} CPU, {1} MiB → {2}")
    @CsvSource({"2048, 3750, c5.large", "4096, 7680, c5.xlarge", "8192, 15360, c5.2xlarge", "4096, 15000, m5.xlarge",
            "4096, 30000, r5.xlarge", "16384, 60000, m5.4xlarge", "1024, 2000, c5.large"})
    void namesAnInstanceTypeForTheSpec(int cpu, int memory, String type) {
        Group group = new Group(new AutoScalingGroupSpec("g", "c", cpu, memory, 0, 1, 0, false), "arn", Instant.EPOCH,
                List.of("a"));
        assertThat(group.instanceType()).isEqualTo(type);
    }
}
