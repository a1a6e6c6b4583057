package io.microscaler.ingest;

/**
 * Why a record was refused. The {@link #label()} is the {@code reason} tag of the dead-letter
 * counter and the value of the dead-letter header, so it is part of the interface: do not rename.
 */
public enum RejectReason {
    /** No value at all, or zero bytes. */
    EMPTY("empty"),
    /** Larger than {@code ingest.maxRecordBytes}; refused before parsing. */
    RECORD_TOO_LARGE("record-too-large"),
    /**
     * Not a JSON object in UTF-8: binary data, text, an array, or something after the object; also
     * any byte sequence that is not well-formed UTF-8 (an overlong form such as {@code C1 A9} for
     * {@code i}, a surrogate encoded as in CESU-8 such as {@code ED A0 80}, a stray or impossible byte).
     */
    NOT_JSON("not-json"),
    /** JSON that ends before the object is complete. */
    TRUNCATED_JSON("truncated-json"),
    /** A required field is absent (or null). */
    MISSING_FIELD("missing-field"),
    /** A field of the wrong JSON type, or a number that is not a whole number where one is needed. */
    WRONG_TYPE("wrong-type"),
    /** {@code v} is missing or not 1. */
    UNKNOWN_VERSION("unknown-version"),
    /** A {@code type} this topic does not carry. */
    UNKNOWN_EVENT_TYPE("unknown-event-type"),
    /** A count, size or duration below zero (or an interval that is not positive). */
    NEGATIVE_VALUE("negative-value"),
    /** A value of the right type that cannot be: status 700, errors above count, a duplicate field… */
    INVALID_VALUE("invalid-value"),
    /** A service or task id (or another known text field) longer than {@code ingest.maxNameLength}. */
    FIELD_TOO_LONG("field-too-long"),
    /** A timestamp before 2000, or further in the future than {@code ingest.maxFutureSkew}. */
    TIME_OUT_OF_RANGE("time-out-of-range"),
    /** A valid event of a service that is not configured (decided by the ingest layer, not the decoder). */
    UNKNOWN_SERVICE("unknown-service");

    private final String label;

    RejectReason(String label) {
        this.label = label;
    }

    /** Kebab-case name for metric tags and dead-letter headers, e.g. {@code not-json}. */
    public String label() {
        return label;
    }
}
