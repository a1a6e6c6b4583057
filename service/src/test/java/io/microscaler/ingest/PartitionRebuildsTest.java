package io.microscaler.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartitionRebuildsTest {

    private final PartitionRebuilds rebuilds = new PartitionRebuilds();

    @Test
    void skipsRecordsUntilTheSeekCompletes() {
        rebuilds.assigned("requests-0");
        assertThat(rebuilds.accepts("requests-0")).isFalse();
        assertThat(rebuilds.isLive("requests-0")).isFalse();

        assertThat(rebuilds.sought("requests-0", 100, 150)).isFalse();
        assertThat(rebuilds.accepts("requests-0")).isTrue();
        assertThat(rebuilds.isLive("requests-0")).isFalse();
    }

    @Test
    void goesLiveWithTheRecordJustBeforeTheEndOffsetSeenAtAssignment() {
        rebuilds.assigned("requests-0");
        rebuilds.sought("requests-0", 100, 150);
        assertThat(rebuilds.processed("requests-0", 148)).isFalse();
        assertThat(rebuilds.processed("requests-0", 149)).isTrue();
        assertThat(rebuilds.isLive("requests-0")).isTrue();
        // Only the record that completed the rebuild says so.
        assertThat(rebuilds.processed("requests-0", 150)).isFalse();
    }

    @Test
    void isLiveAtOnceWhenThereIsNothingToRebuild() {
        rebuilds.assigned("requests-1");
        assertThat(rebuilds.sought("requests-1", 70, 70)).isTrue();
        assertThat(rebuilds.isLive("requests-1")).isTrue();
    }

    @Test
    void forgetsRevokedPartitionsAndIgnoresTheirLateSeeks() {
        rebuilds.assigned("requests-2");
        rebuilds.revoked("requests-2");
        assertThat(rebuilds.sought("requests-2", 0, 0)).isFalse();
        assertThat(rebuilds.accepts("requests-2")).isFalse();
        assertThat(rebuilds.owned()).isEmpty();
    }

    @Test
    void unknownPartitionsAreNotAccepted() {
        assertThat(rebuilds.accepts("never-assigned-0")).isFalse();
    }
}
