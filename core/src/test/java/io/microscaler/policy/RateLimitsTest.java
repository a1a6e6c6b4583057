package io.microscaler.policy;

import static io.microscaler.policy.Snapshots.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.policy.PolicyMemory.Scaling;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateLimitsTest {

    /** "4 tasks per 15s, 100% per 60s" → limits. */
    static List<RateLimit> limits(String spec) {
        List<RateLimit> list = new ArrayList<>();
        for (String item : spec.split(",")) {
            String[] p = item.trim().split("\\s+"); // "4" "tasks" "per" "15"
            boolean percent = p[0].endsWith("%");
            list.add(new RateLimit(percent ? ChangeType.PERCENT : ChangeType.COUNT,
                    Integer.parseInt(p[0].replace("%", "")), Duration.ofSeconds(Long.parseLong(p[p.length - 1]))));
        }
        return list;
    }

    /** "2>3@-10" = the count went from 2 to 3 ten seconds before now. */
    static List<Scaling> scalings(String spec) {
        List<Scaling> list = new ArrayList<>();
        for (String entry : spec.isBlank() ? new String[0] : spec.trim().split("\\s+")) {
            String[] at = entry.split("@");
            String[] fromTo = at[0].split(">");
            list.add(new Scaling(T0.plusSeconds(Long.parseLong(at[1])), Integer.parseInt(fromTo[0]),
                    Integer.parseInt(fromTo[1])));
        }
        return list;
    }

    @ParameterizedTest(name = "up: {0} select {1}, scalings [{2}], {3} tasks → at most {4}")
    @CsvSource({
            // limits                            select    scalings       current  limit
            // HPA v2: a Pods policy adds at most value pods per period, from the period's start count
            "'4 tasks per 15',                   MAX,      '',             3,       7",
            "'4 tasks per 15',                   MAX,      '2>3@-10',      3,       6",  // started the period at 2
            "'4 tasks per 15',                   MAX,      '2>3@-15',      3,       7",  // exactly 15 s ago: outside
            // HPA v2: a Percent policy adds at most value % of the period's start count, rounded up
            "'100% per 15',                      MAX,      '',             3,       6",
            "'50% per 15',                       MAX,      '',             3,       5",  // ceil(4.5)
            "'100% per 60',                      MAX,      '2>4@-30',      4,       4",  // start 2: 4 already reached
            // HPA v2: selectPolicy Max takes the policy allowing the most change, Min the least
            "'4 tasks per 15, 100% per 15',      MAX,      '',             10,     20",
            "'4 tasks per 15, 100% per 15',      MIN,      '',             10,     14",
            "'4 tasks per 15, 100% per 15',      MAX,      '',             1,       5",
            // HPA v2: selectPolicy Disabled turns scaling in that direction off
            "'4 tasks per 15',                   DISABLED, '',             3,       3",
    })
    void scaleUpLimit(String limits, SelectPolicy select, String scalings, int current, int limit) {
        ScalingRules rules = new ScalingRules(Duration.ZERO, limits(limits), select, Duration.ZERO);

        assertThat(RateLimits.upLimit(rules, scalings(scalings), current, T0)).isEqualTo(limit);
    }

    @ParameterizedTest(name = "down: {0} select {1}, scalings [{2}], {3} tasks → at least {4}")
    @CsvSource({
            "'2 tasks per 60',                   MAX,      '',             8,       6",
            "'2 tasks per 60',                   MAX,      '10>8@-30',     8,       8",  // 2 already removed
            "'50% per 60',                       MAX,      '10>8@-30',     8,       5",  // floor(10 × 0.5)
            "'50% per 60',                       MAX,      '',             3,       1",  // floor(1.5)
            "'100% per 15',                      MAX,      '',             8,       0",
            "'2 tasks per 60, 50% per 60',       MAX,      '',             10,      5",  // most change: lowest
            "'2 tasks per 60, 50% per 60',       MIN,      '',             10,      8",
            "'2 tasks per 60',                   DISABLED, '',             8,       8",
            "'2 tasks per 60',                   MAX,      '4>8@-10',      8,       6",  // scale-ups do not count
    })
    void scaleDownLimit(String limits, SelectPolicy select, String scalings, int current, int limit) {
        ScalingRules rules = new ScalingRules(Duration.ZERO, limits(limits), select, Duration.ZERO);

        assertThat(RateLimits.downLimit(rules, scalings(scalings), current, T0)).isEqualTo(limit);
    }

    @ParameterizedTest(name = "no limits configured: up to anything, down to 0")
    @CsvSource({"5"})
    void noLimitsMeansNoLimit(int current) {
        assertThat(RateLimits.upLimit(ScalingRules.NONE, List.of(), current, T0)).isEqualTo(Integer.MAX_VALUE);
        assertThat(RateLimits.downLimit(ScalingRules.NONE, List.of(), current, T0)).isZero();
    }
}
