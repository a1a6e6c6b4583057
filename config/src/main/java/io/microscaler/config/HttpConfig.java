package io.microscaler.config;

/**
 * The HTTP API (keys {@code http.*}).
 *
 * @param portOrigin where {@code port} came from ("default", "file …", "environment variable
 *                   MICROSCALER_HTTP_PORT", "command-line option --http-port"): a port found in use
 *                   at start is reported with it, so the operator knows which setting to change
 * @param stream     the bounds of the status page's live stream ({@code http.stream.*})
 */
public record HttpConfig(String host, int port, String portOrigin, StreamLimits stream) {
}
