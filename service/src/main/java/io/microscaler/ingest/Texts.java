package io.microscaler.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Values echoed in reject details. A detail goes into a Kafka header, a log line and maybe an
 * operator's terminal, so an echoed value is cut to {@value #MAX_ECHO} characters and control
 * characters are made visible: a 500 KB field or a terminal escape must not travel on.
 */
final class Texts {

    static final int MAX_ECHO = 80;

    /** The current token as found: a quoted string, a number or literal, or "a JSON object/array". */
    static String found(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            // From the parser's buffer: a long string is not copied whole just to be cut.
            int length = p.getTextLength();
            return quoted(new String(p.getTextCharacters(), p.getTextOffset(), Math.min(length, MAX_ECHO + 1)));
        }
        if (t == JsonToken.START_OBJECT) {
            return "a JSON object";
        }
        if (t == JsonToken.START_ARRAY) {
            return "a JSON array";
        }
        return echo(p.getText());
    }

    /** The text in double quotes, cut so that the whole is at most MAX_ECHO characters. */
    static String quoted(String text) {
        return '"' + echo(text, MAX_ECHO - 2) + '"';
    }

    /** The text, at most MAX_ECHO characters, "…" marking a cut. */
    static String echo(String text) {
        return echo(text, MAX_ECHO);
    }

    private static String echo(String text, int max) {
        String cut = text.length() <= max ? text : text.substring(0, max - 1) + "…";
        StringBuilder out = null;
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (Character.isISOControl(c)) {
                if (out == null) {
                    out = new StringBuilder(cut.length()).append(cut, 0, i);
                }
                out.append('?');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? cut : out.toString();
    }

    /** A byte as a reader would name it: 'h' when printable ASCII, else 0x1b. */
    static String describeByte(byte b) {
        int u = b & 0xFF;
        return u >= 0x20 && u < 0x7F ? "'" + (char) u + "'" : String.format("0x%02x", u);
    }

    private Texts() {
    }
}
