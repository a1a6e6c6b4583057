package io.microscaler.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a request to stop, answered by an orderly stop and exit code 0.
 *
 * <p>By default the JVM answers SIGTERM by running its shutdown hooks and exiting with 143
 * (128 + 15) whatever the hooks do: {@code System.exit(0)} from the main thread then blocks, and
 * only {@code Runtime.halt(0)} from a hook could change the code, by cutting short every other hook
 * (the embedded broker's clean-up, log flushing). A container platform reads 143 as "killed", not
 * "stopped". So the process handles the two signals itself ({@code sun.misc.Signal}, in the
 * {@code jdk.unsupported} module every JDK ships, for exactly this): a signal only releases the main
 * thread, which closes everything in order within its deadline and returns 0, and the JVM then exits
 * normally, hooks included. Where a signal cannot be handled (a JVM run with {@code -Xrs}), the
 * shutdown hook still closes everything, and the exit code is the JVM's 143.
 */
public final class StopSignals {

    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);

    /**
     * Runs {@code onStop} on each SIGTERM and SIGINT, on the JVM's signal thread: it must only hand
     * the stop over (count down a latch), not do it.
     *
     * @return false if the signals could not be taken over; the JVM's default (shutdown hooks, exit 143) stays
     */
    public static boolean install(Runnable onStop) {
        try {
            for (String name : new String[] {"TERM", "INT"}) {
                Signal.handle(new Signal(name), signal -> {
                    LOG.info("SIG{} received: stopping", signal.getName());
                    onStop.run();
                });
            }
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            LOG.warn("cannot handle SIGTERM and SIGINT ({}): a stop signal ends the JVM through its shutdown hooks,"
                    + " with exit code 143", e.toString());
            return false;
        }
    }

    private StopSignals() {
    }
}
