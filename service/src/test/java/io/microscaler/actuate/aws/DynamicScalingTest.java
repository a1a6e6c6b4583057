package io.microscaler.actuate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.actuate.aws.DynamicScaling.Suspension;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When Application Auto Scaling counts as scaling a service, and the tag that records what to hand back. */
class DynamicScalingTest {

    @ParameterizedTest(name = "target {0}, policies {1}, in suspended {2}, out suspended {3} → active {4}")
    @CsvSource({
        "false, 0, false, false, false",  // no scalable target: nothing else scales it
        "true, 0, false, false, false",   // a target without policies changes nothing (bar scheduled actions)
        "true, 1, false, false, true",
        "true, 1, true, false, true",     // scale-out still active
        "true, 1, false, true, true",     // scale-in still active
        "true, 2, true, true, false"})    // suspended both ways: taken over, or suspended by hand
    void activeWhenAPolicyCanStillMoveTheCount(boolean target, int policies, boolean in, boolean out, boolean active) {
        DynamicScaling d = new DynamicScaling(target ? Optional.of(new DynamicScaling.Target("arn", "service/c/web",
                new Suspension(in, out, false))) : Optional.empty(),
                List.of("cpu75 (TargetTrackingScaling)", "mem (StepScaling)").subList(0, policies), Optional.empty());
        assertThat(d.active()).isEqualTo(active);
    }

    @ParameterizedTest
    @CsvSource({"false, false, false", "true, false, true", "false, true, false"})
    void theTagValueReadsBackAsItWasWritten(boolean in, boolean out, boolean scheduled) {
        Suspension s = new Suspension(in, out, scheduled);
        assertThat(s.tagValue()).matches("[A-Za-z0-9 =]+").hasSizeLessThanOrEqualTo(256); // AWS's tag value rules
        assertThat(Suspension.parse(s.tagValue())).contains(s);
        assertThat(s.dynamicSuspended()).isEqualTo(new Suspension(true, true, scheduled));
    }

    @ParameterizedTest
    @CsvSource(value = {"''", "suspended", "dynamicScalingInSuspended=yes dynamicScalingOutSuspended=false scheduledScalingSuspended=false"})
    void aTagNotWrittenByMicroscalerIsNoRecord(String value) {
        assertThat(Suspension.parse(value)).isEmpty();
        assertThat(Suspension.parse(null)).isEmpty();
    }
}
