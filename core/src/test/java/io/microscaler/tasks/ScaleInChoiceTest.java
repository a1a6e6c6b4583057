package io.microscaler.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.tasks.ScaleInChoice.Candidate;
import io.microscaler.tasks.ScaleInChoice.Readiness;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Instances are {@code name=tasks/freeMemory/freeCpu}; tasks {@code arn@instance:readiness:launchedAtSecond}
 * with readiness S(erving), U(nhealthy) or P (starting, pending); instance {@code -} is Fargate.
 */
class ScaleInChoiceTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "fewest tasks on the instance first   | i1=3/1024/1024 i2=1/1024/1024 | a@i1:S:1 b@i2:S:0             | 1 | 1 | b",
            "then most free memory                | i1=2/512/4096 i2=2/1024/0     | a@i1:S:1 b@i2:S:0             | 1 | 1 | b",
            "then most free CPU                   | i1=2/1024/512 i2=2/1024/1024  | a@i1:S:1 b@i2:S:0             | 1 | 1 | b",
            "then the newest task                 | i1=3/1024/1024                | a@i1:S:1 b@i1:S:3 c@i1:S:2    | 1 | 2 | b",
            "empties the emptier instance first   | i1=2/1024/1024 i2=4/1024/1024 | a@i1:S:1 b@i1:S:2 c@i2:S:3 d@i2:S:4 | 2 | 2 | b,a",
            "unhealthy before serving, even fuller| i1=5/0/0 i2=1/4096/4096       | a@i1:U:1 b@i2:S:2             | 1 | 1 | a",
            "serving before starting while surplus| i1=5/0/0 i2=1/4096/4096       | a@i1:S:1 b@i1:S:2 c@i2:P:3    | 1 | 1 | b",
            "starting when serving is all wanted  | i1=5/0/0 i2=1/4096/4096       | a@i1:S:1 b@i1:S:2 c@i2:P:3    | 1 | 2 | c",
            "surplus serving, then starting       | i1=4/0/0 i2=1/4096/4096       | a@i1:S:1 b@i1:S:2 c@i1:S:3 d@i2:P:4 | 2 | 2 | c,d",
            "10 to 4 with 2 serving keeps both    | i1=10/0/0                     | a@i1:S:1 b@i1:S:2 c@i1:P:3 d@i1:P:4 e@i1:P:5 f@i1:P:6 g@i1:P:7 h@i1:P:8 i@i1:P:9 j@i1:P:10 | 6 | 4 | j,i,h,g,f,e",
            "to zero stops everything             | i1=2/0/0 i2=1/0/0             | a@i1:S:1 b@i2:P:2 c@i1:U:3    | 3 | 0 | c,a,b",
            "Fargate first within a group         | i1=1/4096/4096                | a@i1:S:2 b@-:S:1              | 1 | 1 | b",
            "a DRAINING instance's before Fargate | i1=3/4096/4096/D i2=1/4096/4096 | a@i1:S:1 b@-:S:2 c@i2:S:3   | 1 | 2 | a",
            "DRAINING even if it is the fullest   | i1=9/0/0/D i2=1/4096/4096     | a@i1:S:1 b@i2:S:2             | 1 | 1 | a",
            "instances not read: newest first     |                               | a@i1:S:1 b@i2:S:2             | 1 | 1 | b",
            "asks for more than there are         | i1=1/0/0                      | a@i1:S:1                      | 3 | 0 | a",
    })
    void choosesInOrder(String what, String instances, String tasks, int count, int desired, String expected) {
        List<String> chosen = ScaleInChoice.choose(candidates(tasks), loads(instances), count, desired);

        assertThat(chosen).as(what).containsExactlyElementsOf(Arrays.asList(expected.split(",")));
    }

    @Test
    void nothingToChooseFromChoosesNothing() {
        assertThat(ScaleInChoice.choose(List.of(), Map.of(), 2, 0)).isEmpty();
    }

    @Test
    void aTrackedTaskIsACandidateByItsPhaseAndHealth() {
        TrackedTask starting = new TrackedTask("s", LaunchType.EC2, Instant.EPOCH, "i1");
        TrackedTask serving = new TrackedTask("h", LaunchType.EC2, Instant.EPOCH, "i1");
        serving.running(new TaskTarget("i-0123456789abcdef0", 32768));
        serving.registered();
        serving.health(TargetHealth.HEALTHY);
        TrackedTask unhealthy = new TrackedTask("u", LaunchType.EC2, Instant.EPOCH, "i1");
        unhealthy.running(new TaskTarget("i-0123456789abcdef0", 32769));
        unhealthy.registered();
        unhealthy.health(TargetHealth.UNHEALTHY);
        TrackedTask initial = new TrackedTask("i", LaunchType.EC2, Instant.EPOCH, "i1");
        initial.running(new TaskTarget("i-0123456789abcdef0", 32770));
        initial.registered();

        assertThat(List.of(starting, serving, unhealthy, initial)).extracting(t -> Candidate.of(t).readiness())
                .containsExactly(Readiness.STARTING, Readiness.SERVING, Readiness.UNHEALTHY, Readiness.STARTING);
    }

    private static List<Candidate> candidates(String spec) {
        List<Candidate> candidates = new ArrayList<>();
        for (String task : spec.trim().split("\\s+")) {
            String[] arnRest = task.split("@");
            String[] parts = arnRest[1].split(":");
            Readiness readiness = switch (parts[1]) {
                case "S" -> Readiness.SERVING;
                case "U" -> Readiness.UNHEALTHY;
                default -> Readiness.STARTING;
            };
            candidates.add(new Candidate(arnRest[0], parts[0].equals("-") ? null : parts[0], readiness,
                    Instant.ofEpochSecond(Long.parseLong(parts[2]))));
        }
        return candidates;
    }

    private static Map<String, InstanceLoad> loads(String spec) {
        Map<String, InstanceLoad> loads = new HashMap<>();
        if (spec == null || spec.isBlank()) {
            return loads;
        }
        for (String instance : spec.trim().split("\\s+")) {
            String[] nameRest = instance.split("=");
            String[] n = nameRest[1].split("/");
            loads.put(nameRest[0], new InstanceLoad(nameRest[0], "ec2-" + nameRest[0], Integer.parseInt(n[0]),
                    Integer.parseInt(n[2]), Integer.parseInt(n[1]), n.length > 3 && n[3].equals("D")));
        }
        return loads;
    }
}
