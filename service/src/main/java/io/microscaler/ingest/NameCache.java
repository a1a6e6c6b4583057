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

    // per slot: the name's length, its first and last eight bytes as words (its bytes packed when
    // shorter), its bytes and its text. Names of up to 16 bytes are told apart by the words alone;
    // Arrays.equals on such short ranges was 8 % of the ingest thread's time
    private final int[] lengths = new int[SLOTS];
    private final long[] firstWords = new long[SLOTS];
    private final long[] lastWords = new long[SLOTS];
    private final byte[][] bytes = new byte[SLOTS][];
    private final String[] texts = new String[SLOTS];

    /** The text of {@code value[start, start + length)}, printable ASCII (checked by the caller). */
    String of(byte[] value, int start, int length) {
        long first;
        long last;
        if (length >= 8) {
            first = (long) LONGS.get(value, start);
            last = (long) LONGS.get(value, start + length - 8);
        } else {
            first = 0;
            for (int k = 0; k < length; k++) {
                first = (first << 8) | (value[start + k] & 0xFF);
            }
            last = 0;
        }
        long h = (first * 0x9E3779B97F4A7C15L + last + length) * 0xC2B2AE3D27D4EB4FL;
        int slot = (int) (h >>> (Long.SIZE - SLOT_BITS));
        String text = texts[slot];
        if (text != null && lengths[slot] == length && firstWords[slot] == first && lastWords[slot] == last
                && (length <= 16 || middleEquals(bytes[slot], value, start, length))) {
            return text;
        }
        text = new String(value, start, length, StandardCharsets.ISO_8859_1); // ASCII
        lengths[slot] = length;
        firstWords[slot] = first;
        lastWords[slot] = last;
        bytes[slot] = Arrays.copyOfRange(value, start, start + length);
        texts[slot] = text;
        return text;
    }

    /** Whether the bytes between the first and the last eight (length > 16) are the same, a word at a time. */
    private static boolean middleEquals(byte[] held, byte[] value, int start, int length) {
        int k = 8;
        for (; k + 8 <= length - 8; k += 8) {
            if ((long) LONGS.get(held, k) != (long) LONGS.get(value, start + k)) {
                return false;
            }
        }
        // the rest overlaps the last word, already equal
        return k >= length - 8 || (long) LONGS.get(held, length - 16) == (long) LONGS.get(value, start + length - 16);
    }
}
