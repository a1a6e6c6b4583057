package io.microscaler.service;

import io.microscaler.config.ConfigException;
import io.microscaler.config.HttpConfig;
import java.net.BindException;

/**
 * A failure to listen on {@code http.port}, told as the configuration problem it is: the port, the
 * address, and the setting that chose the port ({@code --http-port}, {@code MICROSCALER_HTTP_PORT},
 * the file or the default), instead of a stack trace that names neither.
 */
final class HttpPortInUse {

    /** A {@link ConfigException} for {@code http.port} when {@code failure} is a bind failure; else {@code failure}. */
    static Throwable explain(Throwable failure, HttpConfig http) {
        String reason = bindFailure(failure);
        if (reason == null) {
            return failure;
        }
        String address = http.host() + ":" + http.port();
        return new ConfigException("http.port", Integer.toString(http.port()),
                "a port this process can listen on, but " + address + " cannot be bound: " + reason
                        + " (another process listens there? choose another port, or 0 for any free one)",
                http.portOrigin());
    }

    /**
     * The message of the bind failure in the causes, or null. The JDK transport throws
     * {@link BindException}; Netty's native transports an IOException whose message ends the same way.
     */
    private static String bindFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof BindException || message.contains("Address already in use")
                    || message.startsWith("bind(..) failed")) {
                return message;
            }
        }
        return null;
    }

    private HttpPortInUse() {
    }
}
