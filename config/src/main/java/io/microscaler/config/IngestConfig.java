package io.microscaler.config;

import java.time.Duration;

/**
 * Ingest (keys {@code ingest.*}).
 *
 * @param instances       ingest verticles (consumers in the group); 0 means one per core
 * @param maxFutureSkew   an event further ahead of the clock than this is rejected
 * @param maxRecordBytes  a larger record is rejected before parsing
 * @param maxNameLength   longest accepted service or task id
 * @param unknownServices what to do with events of a service not under {@code services}
 */
public record IngestConfig(
        int instances,
        Duration maxFutureSkew,
        int maxRecordBytes,
        int maxNameLength,
        UnknownServices unknownServices) {

    public enum UnknownServices {
        /** Send them to the dead-letter topic (nothing is lost; the default). */
        DEAD_LETTER,
        /** Count and drop them (for topics shared with services microscaler does not scale). */
        IGNORE
    }
}
