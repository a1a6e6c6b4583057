package io.microscaler.service;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes what runs, in the order given, once, within a deadline. Each part bounds its own close
 * (Vert.x and the Kafka clients wait for the broker at most so long); the deadline is the backstop
 * for what does not, so a stop never outlasts a container platform's patience (ECS and Docker send
 * SIGKILL 30 s and 10 s after SIGTERM): whatever has not closed by then is left to the JVM's exit.
 */
final class OrderlyStop {

    private static final Logger LOG = LoggerFactory.getLogger(OrderlyStop.class);

    private final List<AutoCloseable> parts;
    private final Duration deadline;
    private final AtomicBoolean started = new AtomicBoolean();

    OrderlyStop(List<AutoCloseable> parts, Duration deadline) {
        this.parts = List.copyOf(parts);
        this.deadline = deadline;
    }

    /**
     * Closes every part in order on a thread of its own and waits for it at most the deadline. Only
     * the first call closes; later ones return at once.
     *
     * @return true if everything closed within the deadline
     */
    boolean run() {
        if (!started.compareAndSet(false, true)) {
            return true;
        }
        long begun = System.nanoTime();
        Thread closer = new Thread(() -> parts.forEach(OrderlyStop::closeQuietly), "microscaler-stop");
        closer.setDaemon(true); // a part that hangs must not keep the JVM alive past the deadline
        closer.start();
        try {
            closer.join(deadline.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long tookMs = (System.nanoTime() - begun) / 1_000_000;
        if (closer.isAlive()) {
            LOG.warn("not everything closed within {} ms (still closing: {}); exiting anyway", deadline.toMillis(),
                    stackTop(closer));
            return false;
        }
        LOG.info("stopped in {} ms", tookMs);
        return true;
    }

    private static String stackTop(Thread thread) {
        StackTraceElement[] stack = thread.getStackTrace();
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().startsWith("io.microscaler.")) {
                return frame.toString();
            }
        }
        return stack.length == 0 ? "?" : stack[0].toString();
    }

    private static void closeQuietly(AutoCloseable part) {
        try {
            part.close();
        } catch (Exception e) {
            LOG.warn("closing {}: {}", part, e.toString());
        }
    }
}
