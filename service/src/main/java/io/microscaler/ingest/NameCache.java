package io.microscaler.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The strings of names read from records' bytes (services, tasks), each made once: a record's
 * service is found here by its bytes instead of being made into a new {@code String} per record,
 * and the same instance comes back each time, with its hash computed once, for the lookups that
 * follow (a new string per record, and hashing it for the service map, were about 8 % of the
 * ingest thread's time, issue 20).
 *
 * <p>A fixed number of slots, each holding the last name whose hash fell into it: hostile records
 * with ever-new names only replace entries, so the memory stays bounded. Owned by one thread
 * (part of {@link EventFields}' scratch): not thread-safe.
 */
final class NameCache {

    private static final int SLOT_BITS = 9; // 512 slots: a few hundred services and tasks per instance
    private static final int SLOTS = 1 << SLOT_BITS;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[][] bytes = new byte[SLOTS][];
    private final String[] texts = new String[SLOTS];

    /** The text of {@code value[start, start + length)}, printable ASCII (checked by the caller). */
    String of(byte[] value, int start, int length) {
        int slot = slotOf(value, start, length);
        byte[] held = bytes[slot];
        if (held != null && Arrays.equals(held, 0, held.length, value, start, start + length)) {
            return texts[slot];
        }
        String text = new String(value, start, length, StandardCharsets.ISO_8859_1); // ASCII
        bytes[slot] = Arrays.copyOfRange(value, start, start + length);
        texts[slot] = text;
        return text;
    }

    /** A slot from the length and the first and last eight bytes: names of one kind differ at either end. */
    private static int slotOf(byte[] value, int start, int length) {
        long h;
        if (length >= 8) {
            h = (long) LONGS.get(value, start) * 0x9E3779B97F4A7C15L + (long) LONGS.get(value, start + length - 8);
        } else {
            h = 0;
            for (int k = 0; k < length; k++) {
                h = (h << 8) | (value[start + k] & 0xFF);
            }
        }
        h = (h + length) * 0xC2B2AE3D27D4EB4FL;
        return (int) (h >>> (Long.SIZE - SLOT_BITS));
    }
}
