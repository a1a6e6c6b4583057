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

    List<String> warnings() {
        List<String> all = new ArrayList<>(warnings);
        synchronized (appender.list) {
            appender.list.forEach(e -> all.add("logback: " + e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
                    : stack(e.getThrowableProxy()))));
        }
        return all;
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
