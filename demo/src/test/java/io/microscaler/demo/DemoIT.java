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
 * The demo end to end, short: the local world starts, the autoscaler is pointed at it through the
 * real AWS SDK path, traffic flows through the load balancer to real image servers, and the
 * progress lines report what ECS and the load balancer say. Not a timing test: it asserts only
 * that the loop ran and stopped cleanly.
 */
@Tag("slow")
class DemoIT {

    @Test
    void steadyDemoServesTrafficThroughTheLocalCloudAndStopsByItself() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        DemoOptions options = new DemoOptions("steady", 0.5, Duration.ofSeconds(12), 0, 0,
                DemoOptions.Traffic.BUILTIN, null);

        int exit = new Demo(options, out).run(Map.of());

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        assertThat(text).contains("demo: service 'iiif' behind http://127.0.0.1:").contains("demo summary:");
        // A progress line after the first seconds: requests served, and the service's 2 tasks healthy behind the LB
        Matcher line = Pattern.compile("t=\\s*(\\d+)s offered\\s+(\\d+)/s served\\s+(\\d+)/s .*running\\s+(\\d+) healthy\\s+(\\d+)")
                .matcher(text);
        boolean servedSome = false;
        while (line.find()) {
            if (Integer.parseInt(line.group(1)) >= 5) {
                servedSome |= Integer.parseInt(line.group(3)) > 0;
                assertThat(Integer.parseInt(line.group(5))).as("healthy targets in: %s", line.group()).isGreaterThanOrEqualTo(2);
            }
        }
        assertThat(servedSome).as("some progress line after 5 s shows requests served:%n%s", text).isTrue();
    }
}
