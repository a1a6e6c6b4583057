package io.microscaler.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes the same immutable object to local consumers: no copy, no serialisation. Microscaler's
 * bus messages never leave the JVM (other instances coordinate through Kafka), so encoding to the
 * wire is an error.
 */
final class LocalCodec<T> implements MessageCodec<T, T> {

    private final String name;

    LocalCodec(Class<T> type) {
        this.name = "local:" + type.getName();
    }

    @Override
    public void encodeToWire(Buffer buffer, T value) {
        throw new UnsupportedOperationException(name + " is local only");
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
        throw new UnsupportedOperationException(name + " is local only");
    }

    @Override
    public T transform(T value) {
        return value;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
