package io.microscaler.decision;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A message built the first time it is read, then kept. A policy explains every evaluation of every
 * service, every tick, but only the few decisions that are published, and the statuses someone asks
 * for, are ever read: building all that text was a tenth of a tick at 10,000 services (issue 20).
 *
 * <p>Safe to read from any thread: the text is built from values the supplier captured, which must
 * not change (the figures of one evaluation). Two threads reading at once may both build it, and get
 * equal strings.
 */
final class LazyText {

    private volatile String text;
    private volatile Supplier<String> supplier; // dropped once built, with what it captured

    LazyText(Supplier<String> supplier) {
        this.supplier = Objects.requireNonNull(supplier, "message");
    }

    static LazyText of(String text) {
        LazyText lazy = new LazyText(() -> text);
        lazy.text = Objects.requireNonNull(text, "message");
        lazy.supplier = null;
        return lazy;
    }

    String get() {
        String t = text;
        if (t != null) {
            return t;
        }
        Supplier<String> s = supplier;
        if (s == null) {
            return text; // built by another thread since: written before the supplier was dropped
        }
        t = Objects.requireNonNull(s.get(), "message");
        text = t;
        supplier = null;
        return t;
    }
}
