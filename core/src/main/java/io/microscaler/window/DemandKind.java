package io.microscaler.window;

/** What a demand event measures. */
public enum DemandKind {
    QUEUE_DEPTH("queue-depth"),
    IN_FLIGHT("in-flight"),
    DESIRED_TASKS("desired-tasks");

    private final String wireName;

    DemandKind(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in demand events' {@code kind} field. */
    public String wireName() {
        return wireName;
    }

    /** The kind for a wire name, or {@code null} if there is none. */
    public static DemandKind fromWireName(String name) {
        for (DemandKind k : values()) {
            if (k.wireName.equals(name)) {
                return k;
            }
        }
        return null;
    }
}
