package io.microscaler.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The scale-to-zero demo end to end, as {@code microscaler demo --scenario scale-to-zero} runs it:
 * the whole autoscaler against the local cloud, a queue worker at 0 tasks woken twice by its
 * queue's depth. Asserts the story's order, not its speed: each activation is decided as
 * {@code activation}, a task runs before the first job is done, the queue empties, and the worker is
 * back to 0 tasks before the next one; every job is done. About 100 s, so tagged slow.
 */
@Tag("slow")
class ScaleToZeroDemoIT {

    private static final Pattern PHASE = Pattern.compile("^ {4}(.+?): +\\+(\\d+\\.\\d) s$", Pattern.MULTILINE);

    @Test
    void theWorkerWakesFromZeroTwiceWorksItsQueueOffAndGoesBackToZero() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        DemoOptions options = new DemoOptions(ZeroDemo.SCENARIO, 1, Duration.ofSeconds(180), 0, 0,
                DemoOptions.Traffic.BUILTIN, null);

        int exit = new Demo(options, out).run(Map.of());

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(text).isZero();
        String summary = text.substring(text.indexOf("demo summary (scale-to-zero):"));
        assertThat(summary).as(text).contains("2 activations, cold starts ", "400 jobs done; back to 0 tasks 2 times");
        for (String activation : summary.split("  activation \\d at ")) {
            if (!activation.contains("times from the first demand")) {
                continue;
            }
            List<String> labels = new ArrayList<>();
            List<Double> times = new ArrayList<>();
            Matcher m = PHASE.matcher(activation);
            while (m.find()) {
                labels.add(m.group(1));
                times.add(Double.parseDouble(m.group(2)));
            }
            assertThat(labels).as(text).hasSize(7);
            assertThat(labels.get(1)).as(text).matches("decision 0 → [1-4] \\(activation\\)");
            assertThat(labels.subList(2, 5)).containsExactly("first task RUNNING", "first job done", "queue empty");
            assertThat(labels.get(6)).isEqualTo("back to 0 tasks");
            // decision, RUNNING, first job done, queue empty, back to 0: in this order
            assertThat(List.of(times.get(1), times.get(2), times.get(3), times.get(4), times.get(6))).as(text).isSorted();
        }
    }
}
