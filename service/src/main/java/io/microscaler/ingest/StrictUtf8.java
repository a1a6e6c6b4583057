package io.microscaler.ingest;

/**
 * Well-formed UTF-8 as RFC 3629 and Unicode's table 3-7 define it, checked before parsing. Jackson's
 * parser decodes by the lead byte alone: it reads the overlong {@code C1 A9} as {@code i} (so
 * {@code "ii\xC1\xA9f"} became the service {@code iiif}), and {@code ED A0 80} (a UTF-16 surrogate
 * encoded as if it were a character, as CESU-8 does) as a lone surrogate. Either would let two
 * byte strings name one service, or put text in a window that no UTF-8 reader can print, so a record
 * with any byte sequence outside the table is refused whole, wherever the sequence is.
 *
 * <p>The well-formed sequences:
 * <pre>
 * 00..7F
 * C2..DF 80..BF
 * E0     A0..BF 80..BF        (E0 80..9F would be overlong)
 * E1..EC 80..BF 80..BF
 * ED     80..9F 80..BF        (ED A0..BF would be a surrogate, U+D800..DFFF)
 * EE..EF 80..BF 80..BF
 * F0     90..BF 80..BF 80..BF (F0 80..8F would be overlong)
 * F1..F3 80..BF 80..BF 80..BF
 * F4     80..8F 80..BF 80..BF (F4 90.. would be above U+10FFFF)
 * </pre>
 * C0, C1 and F5..FF never occur. Events are mostly ASCII, so the loop's common case is one compare
 * per byte.
 */
public final class StrictUtf8 {

    /** {@code null} if every byte is part of a well-formed sequence, else what is wrong and where. */
    public static String problem(byte[] b) {
        int i = 0;
        int n = b.length;
        while (i < n) {
            if (b[i] >= 0) {
                i++;
                continue;
            }
            int lead = b[i] & 0xFF;
            int length;
            int low = 0x80;
            int high = 0xBF;
            if (lead < 0xC0) {
                return at(i, "0x" + hex(lead) + " is a continuation byte with no lead byte before it");
            } else if (lead < 0xC2) {
                return at(i, bytes(b, i, 2) + " is an overlong encoding" + overlongOf(b, i, n)
                        + " (each character has one shortest form)");
            } else if (lead < 0xE0) {
                length = 2;
            } else if (lead < 0xF0) {
                length = 3;
                if (lead == 0xE0) {
                    low = 0xA0;
                } else if (lead == 0xED) {
                    high = 0x9F;
                }
            } else if (lead < 0xF5) {
                length = 4;
                if (lead == 0xF0) {
                    low = 0x90;
                } else if (lead == 0xF4) {
                    high = 0x8F;
                }
            } else {
                return at(i, "0x" + hex(lead) + " never occurs in UTF-8");
            }
            if (i + length > n) {
                // The record ends inside a character: a cut record, which the parser reports as
                // truncated JSON (a whole event ends with '}'), unless a byte so far is already wrong.
                for (int k = i + 1; k < n; k++) {
                    if ((b[k] & 0xC0) != 0x80) {
                        return at(i, bytes(b, i, k - i + 1) + ": 0x" + hex(b[k] & 0xFF)
                                + " is not the continuation byte a " + length + "-byte sequence needs");
                    }
                }
                return null;
            }
            int second = b[i + 1] & 0xFF;
            if (second < low || second > high) {
                if (second >= 0x80 && second <= 0xBF) {
                    return at(i, bytes(b, i, length) + outOfRange(lead));
                }
                return at(i, bytes(b, i, 2) + ": 0x" + hex(second) + " is not the continuation byte a "
                        + length + "-byte sequence needs");
            }
            for (int k = 2; k < length; k++) {
                int next = b[i + k] & 0xFF;
                if (next < 0x80 || next > 0xBF) {
                    return at(i, bytes(b, i, k + 1) + ": 0x" + hex(next) + " is not the continuation byte a "
                            + length + "-byte sequence needs");
                }
            }
            i += length;
        }
        return null;
    }

    private static String outOfRange(int lead) {
        if (lead == 0xED) {
            return " encodes a UTF-16 surrogate (U+D800 to U+DFFF), as CESU-8 does; UTF-8 encodes the"
                    + " character itself, in 4 bytes";
        }
        if (lead == 0xF4) {
            return " is above U+10FFFF, the last code point";
        }
        return " is an overlong encoding (each character has one shortest form)";
    }

    /** The character a two-byte overlong form stands for, when it is complete: " of U+0069 ('i')". */
    private static String overlongOf(byte[] b, int i, int n) {
        if (i + 1 >= n || (b[i + 1] & 0xC0) != 0x80) {
            return "";
        }
        int c = ((b[i] & 0x1F) << 6) | (b[i + 1] & 0x3F);
        return String.format(" of U+%04X%s", c, c >= 0x20 && c < 0x7F ? " ('" + (char) c + "')" : "");
    }

    private static String at(int index, String what) {
        return "not valid UTF-8 at byte " + index + ": " + what;
    }

    /** Up to {@code count} bytes from {@code from}: fewer where the record ends (a lone 0xc1 at its end). */
    private static String bytes(byte[] b, int from, int count) {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < count && from + k < b.length; k++) {
            out.append(k == 0 ? "" : " ").append("0x").append(hex(b[from + k] & 0xFF));
        }
        return out.toString();
    }

    private static String hex(int u) {
        return String.format("%02x", u);
    }

    private StrictUtf8() {
    }
}
