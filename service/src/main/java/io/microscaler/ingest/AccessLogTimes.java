package io.microscaler.ingest;

/**
 * Times as web servers write them in access logs, to milliseconds. nginx writes {@code $msec} (the
 * epoch in seconds, {@code 1733480000.123}), {@code $request_time} ({@code 0.084}) and
 * {@code $upstream_response_time}, which is {@code "-"} when no upstream was asked, and a list when
 * several were ({@code "0.012, 0.030"} for a retry on the next server, {@code "0.012 : 0.030"} across
 * an internal redirect); rsyslog and others write more decimals ({@code 1733480000.123456}).
 * Digits past the millisecond are dropped (truncated, not rounded: a request of 0.0999 s did not
 * take 100 ms).
 */
final class AccessLogTimes {

    /** What {@link #upstreamMillis} returns for text that is not an upstream time. */
    static final long INVALID = Long.MIN_VALUE;

    /** 12 digits of seconds reach the year 33658; more is junk, and could overflow a long of milliseconds. */
    private static final int MAX_WHOLE_DIGITS = 12;

    private AccessLogTimes() {
    }

    /**
     * {@code "0.084"} → 84, {@code "1733480000.123456"} → 1733480000123, {@code "2"} → 2000; -1 for
     * anything else (a sign, an exponent, spaces, an empty text, more than 12 whole digits).
     */
    static long secondsToMillis(String text) {
        int dot = text.indexOf('.');
        int wholeEnd = dot < 0 ? text.length() : dot;
        if (wholeEnd == 0 || wholeEnd > MAX_WHOLE_DIGITS || (dot >= 0 && dot == text.length() - 1)) {
            return -1;
        }
        long ms = 0;
        for (int i = 0; i < wholeEnd; i++) {
            int d = digit(text.charAt(i));
            if (d < 0) {
                return -1;
            }
            ms = ms * 10 + d;
        }
        ms *= 1000;
        if (dot >= 0) {
            int scale = 100;
            for (int i = dot + 1; i < text.length(); i++) {
                int d = digit(text.charAt(i));
                if (d < 0) {
                    return -1;
                }
                ms += d * scale; // scale is 0 past the third decimal: still checked to be a digit
                scale /= 10;
            }
        }
        return ms;
    }

    /**
     * The upstreams' time in all: the sum of the listed times, "-" parts left out; -1 when none was
     * asked ({@code "-"}); {@link #INVALID} for anything else.
     */
    static long upstreamMillis(String text) {
        long sum = -1;
        int start = 0;
        while (start <= text.length()) {
            int end = nextSeparator(text, start);
            String part = text.substring(start, end).strip();
            if (!part.equals("-")) {
                long ms = secondsToMillis(part);
                if (ms < 0) {
                    return INVALID;
                }
                sum = Math.max(sum, 0) + ms;
            }
            start = end + 1;
        }
        return sum;
    }

    private static int nextSeparator(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',' || c == ':') {
                return i;
            }
        }
        return text.length();
    }

    private static int digit(char c) {
        return c >= '0' && c <= '9' ? c - '0' : -1;
    }
}
