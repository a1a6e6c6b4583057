package io.microscaler.config;

/** The HTTP API (keys {@code http.*}). */
public record HttpConfig(String host, int port) {
}
