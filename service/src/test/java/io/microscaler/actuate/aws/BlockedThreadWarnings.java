package io.microscaler.actuate.aws;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.slf4j.LoggerFactory;

/**
 * Collects what Vert.x's blocked-thread checker says, whichever logging backend Vert.x picked
 * (SLF4J/Logback or java.util.logging), for tests that assert nothing blocked an event loop.
 */
final class BlockedThreadWarnings implements AutoCloseable {

    /** The checker's logger (Vert.x 5 keeps the 4.x name: {@code BlockedThreadChecker.LOGGER_NAME}). */
    static final String LOGGER = "io.vertx.core.impl.BlockedThreadChecker";

    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger logback = (Logger) LoggerFactory.getLogger(LOGGER);
    private final java.util.logging.Logger jul = java.util.logging.Logger.getLogger(LOGGER);
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            warnings.add("jul: " + record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** The longest an event loop task may run before the checker reports it. */
    static final long LIMIT_MS = 40;

    /**
     * The checker looks every 10 ms and reports an event loop task running longer than
     * {@link #LIMIT_MS}, with its stack. (The execute-time unit defaults to nanoseconds: both units
     * are set here.) Why 40 ms and not 20: on the 2-core build machines, young GC pauses of up to
     * 15 ms and scheduling made 20 ms report trivial frames ({@code Instant.now()},
     * {@code Counter.builder}) in about one run in four. Tests make any blocking wait longer than
     * the limit instead: their endpoints answer after {@code 2.5 × LIMIT_MS}.
     */
    static VertxOptions strictOptions() {
        return new VertxOptions()
                .setBlockedThreadCheckInterval(10).setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
                .setMaxEventLoopExecuteTime(LIMIT_MS).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                .setMaxWorkerExecuteTime(60).setMaxWorkerExecuteTimeUnit(TimeUnit.SECONDS)
                .setWarningExceptionTime(LIMIT_MS).setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS);
    }

    BlockedThreadWarnings() {
        appender.start();
        logback.addAppender(appender);
        jul.addHandler(handler);
    }

    /**
     * The warnings that say an event loop was blocked: at least {@link #BLOCKING_MS} (a blocking call
     * in these tests waits 2.5 × the limit), and not caught idle in its selector. On a shared 2-core
     * machine at a load of 10 or more, the checker also reports a loop that was only waiting for a
     * core: 49 ms in {@code Counter.increment}, 68 ms in {@code EPoll.wait}; those say nothing of our
     * code and made the tests fail one run in a few under load.
     */
    List<String> warnings() {
        List<String> all = new ArrayList<>();
        warnings.stream().filter(w -> isBlocking(w, "")).forEach(all::add);
        synchronized (appender.list) {
            appender.list.forEach(e -> {
                String top = e.getThrowableProxy() == null || e.getThrowableProxy().getStackTraceElementProxyArray().length == 0
                        ? "" : e.getThrowableProxy().getStackTraceElementProxyArray()[0].getSTEAsString();
                String text = e.getFormattedMessage();
                if (isBlocking(text, top)) {
                    all.add("logback: " + text + (e.getThrowableProxy() == null ? "" : stack(e.getThrowableProxy())));
                }
            });
        }
        return all;
    }

    /** Reported blocked times below this are a loop waiting for a core, not a blocking call. */
    static final long BLOCKING_MS = 2 * LIMIT_MS;
    private static final java.util.regex.Pattern BLOCKED_FOR = java.util.regex.Pattern.compile("blocked for (\\d+) ms");

    /** Whether a checker's message (and the top frame of its stack, "" if none) says a loop was blocked. */
    static boolean isBlocking(String message, String topFrame) {
        if (topFrame.contains("EPoll.wait") || topFrame.contains("SelectorImpl.select") || topFrame.contains("NioIoHandler.select")) {
            return false; // idle in its selector when sampled: it was waiting, not working
        }
        java.util.regex.Matcher m = BLOCKED_FOR.matcher(message);
        return !m.find() || Long.parseLong(m.group(1)) >= BLOCKING_MS;
    }

    private static String stack(ch.qos.logback.classic.spi.IThrowableProxy proxy) {
        StringBuilder b = new StringBuilder();
        var frames = proxy.getStackTraceElementProxyArray();
        for (int i = 0; i < Math.min(frames.length, 25); i++) {
            b.append("\n    ").append(frames[i].getSTEAsString());
        }
        return b.toString();
    }

    @Override
    public void close() {
        logback.detachAppender(appender);
        jul.removeHandler(handler);
    }
}
