package io.microscaler.localcloud.query;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.function.BiConsumer;

/**
 * Writes the small XML documents awsQuery services answer with: elements with text, nested
 * elements and lists of {@code <member>}s. Text is escaped; nothing is written for a null value,
 * which the SDK reads as an absent member.
 */
public final class XmlWriter {

    private final StringBuilder out = new StringBuilder(512);
    private final Deque<String> open = new ArrayDeque<>();

    public XmlWriter() {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    }

    /** Opens {@code <name xmlns="namespace">}. */
    public XmlWriter start(String name, String namespace) {
        out.append('<').append(name).append(" xmlns=\"").append(escape(namespace)).append("\">");
        open.push(name);
        return this;
    }

    public XmlWriter start(String name) {
        out.append('<').append(name).append('>');
        open.push(name);
        return this;
    }

    /** Closes the innermost open element. */
    public XmlWriter end() {
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /** {@code <name>value</name>}, or nothing when the value is null. */
    public XmlWriter element(String name, Object value) {
        if (value == null) {
            return this;
        }
        String text = value instanceof Instant instant ? instant.toString() : String.valueOf(value);
        out.append('<').append(name).append('>').append(escape(text)).append("</").append(name).append('>');
        return this;
    }

    /** {@code <name><member>a</member>…</name>}: a list of scalars (an empty list is written empty). */
    public XmlWriter list(String name, Collection<?> values) {
        start(name);
        for (Object value : values) {
            element("member", value);
        }
        return end();
    }

    /** {@code <name><member>…</member>…</name>}: a list of structures, each written by {@code member}. */
    public <T> XmlWriter list(String name, Collection<T> values, BiConsumer<XmlWriter, T> member) {
        start(name);
        for (T value : values) {
            start("member");
            member.accept(this, value);
            end();
        }
        return end();
    }

    /** The document; every element must have been closed. */
    public String xml() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("unclosed elements: " + open);
        }
        return out.toString();
    }

    /** Escapes the five XML special characters. */
    public static String escape(String text) {
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&apos;";
                default -> null;
            };
            if (replacement != null && b == null) {
                b = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (b != null) {
                if (replacement != null) {
                    b.append(replacement);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? text : b.toString();
    }
}
