package io.microscaler.actuate.aws;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Holds a target to the one Vert.x context that first used it, since its state has no locks.
 * Handlers run on duplicates of their verticle's context (one per message or timer), which share
 * its data, so ownership is a mark in the context's data rather than the context object itself.
 */
final class ContextOwner {

    private final String name;
    private final Object key = new Object();
    private boolean owned;

    ContextOwner(String name) {
        this.name = name;
    }

    /** Null if called on the owning context (the first one used); otherwise why not. */
    String check() {
        Context current = Vertx.currentContext();
        if (current == null) {
            return name + ": must be called on a Vert.x context";
        }
        if (!owned) {
            current.put(key, Boolean.TRUE);
            owned = true;
        } else if (current.get(key) == null) {
            return name + ": must be called on one Vert.x context (the actuator's); its state is not shared";
        }
        return null;
    }
}
