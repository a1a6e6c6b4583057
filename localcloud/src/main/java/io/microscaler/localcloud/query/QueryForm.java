package io.microscaler.localcloud.query;

import io.microscaler.localcloud.AwsError;
import io.vertx.core.buffer.Buffer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An awsQuery request body ({@code application/x-www-form-urlencoded}) as named parameters.
 * Lists arrive flattened with 1-based indexes: {@code Names.member.1=a&Names.member.2=b}, and
 * lists of structures as {@code Targets.member.1.Id=i-1&Targets.member.1.Port=80}.
 * Accessors that read a number or a flag fail with AWS's {@code ValidationError} on a bad value.
 */
public final class QueryForm {

    private final Map<String, String> params;

    private QueryForm(Map<String, String> params) {
        this.params = Collections.unmodifiableMap(params);
    }

    /** Parses a form body; an empty or absent body is an empty form. */
    public static QueryForm parse(Buffer body) {
        return parse(body == null ? "" : body.toString(StandardCharsets.UTF_8));
    }

    public static QueryForm parse(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.put(name, value);
        }
        return new QueryForm(params);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw AwsError.client("MalformedQueryString", "Malformed query string: " + s);
        }
    }

    /** The {@code Action} parameter, empty if absent. */
    public String action() {
        return params.getOrDefault("Action", "");
    }

    /** The {@code Version} parameter, empty if absent. */
    public String version() {
        return params.getOrDefault("Version", "");
    }

    public Map<String, String> asMap() {
        return params;
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(params.get(name));
    }

    /** The parameter, or a {@code ValidationError} in the words AWS uses for a missing member. */
    public String require(String name) {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            throw validation("1 validation error detected: Value null at '" + lowerFirst(name)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    public int intValue(String name, int whenAbsent) {
        String value = params.get(name);
        if (value == null) {
            return whenAbsent;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw validation("Value '" + value + "' at '" + lowerFirst(name) + "' is not a valid integer");
        }
    }

    public int requireInt(String name) {
        require(name);
        return intValue(name, 0);
    }

    public boolean booleanValue(String name, boolean whenAbsent) {
        String value = params.get(name);
        if (value == null) {
            return whenAbsent;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw validation("Value '" + value + "' at '" + lowerFirst(name) + "' is not a valid boolean");
    }

    /** A list of scalars: {@code prefix.member.1}, {@code prefix.member.2} … up to the first gap. */
    public List<String> list(String prefix) {
        List<String> values = new ArrayList<>();
        for (int i = 1; ; i++) {
            String value = params.get(prefix + ".member." + i);
            if (value == null) {
                return values;
            }
            values.add(value);
        }
    }

    /**
     * A list of structures: for {@code Targets.member.1.Id=i-1&Targets.member.1.Port=80} the
     * structure {@code {Id=i-1, Port=80}}, up to the first index with no member at all.
     */
    public List<QueryForm> structures(String prefix) {
        List<QueryForm> values = new ArrayList<>();
        for (int i = 1; ; i++) {
            String memberPrefix = prefix + ".member." + i + ".";
            Map<String, String> fields = new LinkedHashMap<>();
            params.forEach((name, value) -> {
                if (name.startsWith(memberPrefix)) {
                    fields.put(name.substring(memberPrefix.length()), value);
                }
            });
            if (fields.isEmpty()) {
                return values;
            }
            values.add(new QueryForm(fields));
        }
    }

    /** A 400 {@code ValidationError}, the code awsQuery services use for bad input. */
    public static AwsError validation(String message) {
        return AwsError.client("ValidationError", message);
    }

    private static String lowerFirst(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    @Override
    public String toString() {
        return params.toString();
    }
}
