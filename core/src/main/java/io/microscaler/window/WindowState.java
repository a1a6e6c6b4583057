package io.microscaler.window;

/** Whether a window's figures can be acted on. */
public enum WindowState {
    /** Events arrive; the figures describe the service. */
    OK,
    /** No event (request or summary heartbeat) within the staleness limit: no data is not zero load. */
    UNKNOWN,
    /** Being rebuilt after this instance took the service over: the figures are incomplete. */
    WARMING
}
