package io.microscaler.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The contention demo end to end, as {@code microscaler demo --scenario contention} runs it: the
 * whole autoscaler with {@code cluster.enabled} (planner, headroom loop, task mode) against the
 * local cloud's Auto Scaling group, through the real SDK path. Asserts the story's order, not its
 * speed: the worker is displaced for the image server's spike, the image server gets its first
 * scale-out count healthy, the group grows and a new instance joins, and the worker then gets its
 * tasks back, healthy.
 */
@Tag("slow")
class ContentionDemoIT {

    private static final Pattern TIME = Pattern.compile("\\+(\\d+\\.\\d) s");

    @Test
    void theWorkerGivesWayTheClusterGrowsAndTheWorkerRecovers() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        DemoOptions options = new DemoOptions("contention", 1, Duration.ofSeconds(100), 0, 0, DemoOptions.Traffic.BUILTIN,
                null);

        int exit = new Demo(options, out).run(Map.of());

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(text).isZero();
        double displaced = seconds(text, "worker displaced: ");
        double firstCount = seconds(text, " healthy: ");
        double joined = seconds(text, "a new instance joined: ");
        double recovered = seconds(text, "worker recovered (5 healthy again): ");
        // how many tasks give way first depends on when the first cluster read after the spike lands
        assertThat(text).containsPattern("\\d+ tasks? gives? way to iiif \\(priority 100\\)");
        assertThat(displaced).as("displaced before the new instance joined:%n%s", text).isLessThan(joined);
        assertThat(recovered).as("the worker recovers after the new instance joins:%n%s", text).isGreaterThanOrEqualTo(joined);
        assertThat(firstCount).as("iiif's first count healthy").isGreaterThanOrEqualTo(0);
    }

    /** The first "+N.N s" after the label in the summary; fails when it says "not seen". */
    private static double seconds(String text, String label) {
        int at = text.indexOf(label, text.indexOf("demo summary"));
        assertThat(at).as("'%s' in the summary:%n%s", label, text).isGreaterThanOrEqualTo(0);
        Matcher m = TIME.matcher(text.substring(at + label.length(), Math.min(text.length(), at + label.length() + 12)));
        assertThat(m.find()).as("a time after '%s' (not 'not seen'):%n%s", label, text).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
