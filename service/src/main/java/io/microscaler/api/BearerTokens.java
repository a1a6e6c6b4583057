package io.microscaler.api;

import io.microscaler.config.AdminConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which admin token, if any, an {@code Authorization: Bearer …} header carries. Every configured
 * token is compared, in constant time ({@link MessageDigest#isEqual} over SHA-256 digests, so neither
 * a token's length nor how much of it matched shows in the time taken), and the loop never stops at
 * a match. Tokens are never logged; nothing here prints one.
 */
final class BearerTokens {

    private static final String SCHEME = "bearer ";

    private record Known(AdminConfig.Token token, byte[] digest) {
    }

    private final List<Known> known;

    BearerTokens(List<AdminConfig.Token> tokens) {
        this.known = tokens.stream().map(t -> new Known(t, sha256(t.secret()))).toList();
    }

    boolean enabled() {
        return !known.isEmpty();
    }

    /** The token the header names; empty when there is no header, it is not a bearer token, or no token matches. */
    Optional<AdminConfig.Token> authenticate(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return Optional.empty();
        }
        byte[] given = sha256(authorization.substring(SCHEME.length()).strip());
        AdminConfig.Token match = null;
        for (Known k : known) {
            if (MessageDigest.isEqual(k.digest(), given)) {
                match = k.token();
            }
        }
        return Optional.ofNullable(match);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
