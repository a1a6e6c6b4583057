package io.microscaler.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microscaler.bus.AdminAction;
import io.microscaler.override.Pause;
import io.microscaler.override.Pin;
import io.microscaler.override.ServiceOverrides;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The admin topic's records: one key per service and kind, read back into the overrides they say. */
class OverrideRecordsTest {

    private static final Instant AT = Instant.parse("2026-12-06T12:00:00Z");
    private static final Instant UNTIL = AT.plusSeconds(1800);

    @Test
    void aPauseAndAPinOfOneServiceHaveKeysOfTheirOwnAndReadBackWhole() {
        AdminAction pause = AdminAction.of(AdminAction.Kind.PAUSE, "iiif", "alice", "incident 42", AT);
        AdminAction pin = AdminAction.pin("iiif", 6, UNTIL, "bob", "deploy", AT);

        ServiceOverrides o = read(read(ServiceOverrides.none("iiif"), pause), pin);

        assertThat(OverrideRecords.key(pause)).isEqualTo("pause:iiif");
        assertThat(OverrideRecords.key(pin)).isEqualTo("pin:iiif");
        assertThat(o).isEqualTo(new ServiceOverrides("iiif", Optional.of(new Pause("alice", "incident 42", AT)),
                Optional.of(new Pin(6, "bob", "deploy", AT, UNTIL))));
        assertThat(new String(OverrideRecords.value(pin), StandardCharsets.UTF_8)).isEqualTo(
                "{\"v\":1,\"service\":\"iiif\",\"kind\":\"pin\",\"active\":true,\"count\":6,\"until\":1796560200000,"
                        + "\"by\":\"bob\",\"reason\":\"deploy\",\"at\":1796558400000}");
    }

    @Test
    void resumeAndReleaseEndOnlyTheirOwnKind() {
        ServiceOverrides both = new ServiceOverrides("iiif", Optional.of(new Pause("alice", "x", AT)),
                Optional.of(new Pin(6, "bob", "y", AT, UNTIL)));

        ServiceOverrides resumed = read(both, AdminAction.of(AdminAction.Kind.RESUME, "iiif", "alice", "over", AT));
        ServiceOverrides released = read(resumed, AdminAction.of(AdminAction.Kind.RELEASE, "iiif", "bob", "done", AT));

        assertThat(resumed.pause()).isEmpty();
        assertThat(resumed.pin()).isPresent();
        assertThat(released.isEmpty()).isTrue();
        assertThat(OverrideRecords.apply(both, "pin:iiif", null).pin()).isEmpty(); // a tombstone
    }

    @Test
    void recordsThatAreNoneOfOursAreRefused() {
        assertThat(OverrideRecords.serviceOf("pin:svc:with:colons")).isEqualTo("svc:with:colons");
        assertThat(OverrideRecords.serviceOf("iiif")).isNull();
        assertThat(OverrideRecords.serviceOf("scale:iiif")).isNull();
        assertThatThrownBy(() -> OverrideRecords.apply(ServiceOverrides.none("iiif"), "pin:iiif",
                "{\"v\":1,\"kind\":\"pause\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not a version 1 pin record");
        assertThatThrownBy(() -> OverrideRecords.apply(ServiceOverrides.none("iiif"), "pin:iiif",
                "{\"v\":1,\"kind\":\"pin\",\"active\":true,\"by\":\"a\",\"reason\":\"b\",\"at\":1}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("without count or until");
    }

    private static ServiceOverrides read(ServiceOverrides before, AdminAction action) {
        return OverrideRecords.apply(before, OverrideRecords.key(action), OverrideRecords.value(action));
    }
}
