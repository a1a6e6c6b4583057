package io.microscaler.ingest;

import java.util.Objects;

/** What {@link EventDecoder#decode} made of one record: an event, or the reason it was refused. */
public sealed interface DecodeResult {

    /** The record is a valid event. */
    record Accepted(IngestEvent event) implements DecodeResult {
        public Accepted {
            Objects.requireNonNull(event, "event");
        }
    }

    /**
     * The record is refused; it goes to the dead-letter topic.
     *
     * @param reason why, as a category (metric tag and dead-letter header)
     * @param detail a short sentence naming the field and the value found
     */
    record Rejected(RejectReason reason, String detail) implements DecodeResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
