package io.microscaler.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The admin API (keys {@code admin.*}): who may pause, resume, pin and release services. Off (its
 * routes answer 404) unless at least one token is configured.
 *
 * <p>Tokens come from the environment ({@code MICROSCALER_ADMIN_TOKEN}, named {@code admin}) or from
 * a file ({@code admin.tokenFile}, one token a line, see {@link #readTokenFile}), never from the
 * configuration file, which is shown in errors and often checked in. Their values never appear in
 * {@link #toString()}, errors or logs.
 *
 * @param tokens the accepted bearer tokens; empty means the admin API is off
 * @param maxPin the longest a pin may hold ({@code admin.maxPin})
 */
public record AdminConfig(List<Token> tokens, Duration maxPin) {

    /** The shortest token accepted: 16 characters (a random 128-bit token in hex is 32). */
    public static final int MIN_TOKEN_LENGTH = 16;
    /** The name of the token from {@code admin.token} ({@code MICROSCALER_ADMIN_TOKEN}). */
    public static final String ENV_TOKEN_NAME = "admin";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7E]+");

    public AdminConfig {
        tokens = List.copyOf(tokens);
    }

    public boolean enabled() {
        return !tokens.isEmpty();
    }

    /**
     * One bearer token.
     *
     * @param name     who the audit records name for calls made with it
     * @param secret   the token itself; never shown
     * @param readOnly may read the overrides ({@code GET /api/admin/services}) but change nothing (403)
     */
    public record Token(String name, String secret, boolean readOnly) {

        @Override
        public String toString() {
            return "Token[name=" + name + ", secret=" + Secrets.MASK + ", readOnly=" + readOnly + "]";
        }
    }

    @Override
    public String toString() {
        return "AdminConfig[tokens=" + tokens + ", maxPin=" + maxPin + "]";
    }

    static AdminConfig load(RawSettings raw) {
        List<Token> tokens = new ArrayList<>();
        Setting token = raw.fixed("admin.token");
        if (!token.value().isEmpty()) {
            if (token.origin().startsWith("file ")) {
                throw Values.fail("admin.token", token, "no token in the configuration file (it is shown in errors and"
                        + " often checked in): set " + EnvNames.variableFor("admin.token") + " or admin.tokenFile");
            }
            checkToken("admin.token", token, token.value());
            tokens.add(new Token(ENV_TOKEN_NAME, token.value(), false));
        }
        Setting file = raw.fixed("admin.tokenFile");
        if (!file.value().isBlank()) {
            tokens.addAll(readTokenFile(file));
        }
        Set<String> names = new HashSet<>();
        Set<String> secrets = new HashSet<>();
        for (Token t : tokens) {
            if (!names.add(t.name())) {
                throw Values.fail("admin.tokenFile", file, "each token name once, but '" + t.name() + "' is given twice"
                        + (t.name().equals(ENV_TOKEN_NAME) ? " (" + ENV_TOKEN_NAME + " is the name of "
                        + EnvNames.variableFor("admin.token") + "'s token)" : ""));
            }
            if (!secrets.add(t.secret())) {
                throw Values.fail("admin.tokenFile", file, "each token once, but token '" + t.name()
                        + "' is the same as another: give each caller its own, so the audit can tell them apart");
            }
        }
        Duration maxPin = Values.duration("admin.maxPin", raw.fixed("admin.maxPin"), Duration.ofSeconds(1), false);
        return new AdminConfig(tokens, maxPin);
    }

    /**
     * The tokens in {@code admin.tokenFile}, UTF-8, one a line: {@code <name> <token>}, or
     * {@code <name> <token> read-only}; a line with the token alone names it {@code admin} (a
     * secret mounted as a file). Blank lines and lines starting with {@code #} are skipped.
     */
    static List<Token> readTokenFile(Setting file) {
        String key = "admin.tokenFile";
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(file.value().strip()), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw Values.fail(key, file, "a readable file of tokens, but reading it failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
        List<Token> tokens = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            String where = " on line " + (i + 1);
            String name;
            String secret;
            boolean readOnly = false;
            if (fields.length == 1) {
                name = ENV_TOKEN_NAME;
                secret = fields[0];
            } else if (fields.length == 2 || (fields.length == 3 && fields[2].equals("read-only"))) {
                name = fields[0];
                secret = fields[1];
                readOnly = fields.length == 3;
            } else {
                // The line is not quoted: it holds a token.
                throw Values.fail(key, file, "lines of '<name> <token>' or '<name> <token> read-only', but"
                        + where + " there are " + fields.length + " fields" + (fields.length == 3 ? " and the third is not read-only" : ""));
            }
            if (!NAME.matcher(name).matches()) {
                throw Values.fail(key, file, "a token name of 1 to 64 letters, digits or . _ @ -, but" + where + " it is '"
                        + name.substring(0, Math.min(name.length(), 64)) + "'");
            }
            if (secret.length() < MIN_TOKEN_LENGTH) {
                throw Values.fail(key, file, "tokens of at least " + MIN_TOKEN_LENGTH + " characters, but token '" + name
                        + "'" + where + " has " + secret.length());
            }
            tokens.add(new Token(name, secret, readOnly));
        }
        if (tokens.isEmpty()) {
            throw Values.fail(key, file, "at least one token in the file (leave admin.tokenFile empty to turn the admin API off)");
        }
        return tokens;
    }

    private static void checkToken(String key, Setting s, String token) {
        if (token.length() < MIN_TOKEN_LENGTH || !TOKEN.matcher(token).matches()) {
            throw Values.fail(key, s, "a token of at least " + MIN_TOKEN_LENGTH
                    + " printable ASCII characters without spaces (e.g. openssl rand -hex 32)");
        }
    }
}
