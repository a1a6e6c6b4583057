package io.microscaler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code admin.*}: where tokens may come from, the token file's form, and that a token is never shown. */
class AdminConfigTest {

    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void offByDefault() {
        AdminConfig a = ConfigLoader.defaults().admin();

        assertThat(a.enabled()).isFalse();
        assertThat(a.maxPin()).isEqualTo(Duration.ofHours(24));
        assertThat(ConfigLoader.defaults().kafka().topics().admin()).isEqualTo("microscaler.admin");
    }

    @Test
    void theEnvironmentsTokenIsNamedAdminAndNeverShown() {
        AdminConfig a = ConfigLoader.load(null, Map.of("MICROSCALER_ADMIN_TOKEN", TOKEN)).admin();

        assertThat(a.tokens()).containsExactly(new AdminConfig.Token("admin", TOKEN, false));
        assertThat(a.toString()).doesNotContain(TOKEN).contains("****");
    }

    @Test
    void aTokenInTheConfigurationFileIsRefusedWithoutShowingIt() throws IOException {
        Path yaml = write("microscaler.yaml", "admin: {token: " + TOKEN + "}\n");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(yaml, Map.of()));

        assertThat(e.getMessage()).doesNotContain(TOKEN).startsWith("config key 'admin.token' = '****': expected no token"
                + " in the configuration file").contains("MICROSCALER_ADMIN_TOKEN");
    }

    @Test
    void aShortTokenIsRefusedWithoutShowingIt() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of("MICROSCALER_ADMIN_TOKEN", "short-secret")));

        assertThat(e.getMessage()).doesNotContain("short-secret").contains("at least 16");
    }

    @Test
    void theTokenFileNamesItsTokensAndMayMakeThemReadOnly() throws IOException {
        Path file = write("tokens", """
                # on-call
                alice %s
                dashboards %s read-only

                """.formatted(TOKEN, TOKEN.replace('0', 'z')));

        AdminConfig a = ConfigLoader.load(null, Map.of("MICROSCALER_ADMIN_TOKEN_FILE", file.toString(),
                "MICROSCALER_ADMIN_TOKEN", TOKEN.replace('1', 'y'))).admin();

        assertThat(a.tokens()).containsExactly(new AdminConfig.Token("admin", TOKEN.replace('1', 'y'), false),
                new AdminConfig.Token("alice", TOKEN, false),
                new AdminConfig.Token("dashboards", TOKEN.replace('0', 'z'), true));
    }

    @Test
    void aTokenAloneOnItsLineIsNamedAdmin() throws IOException {
        Path file = write("secret", TOKEN + "\n");

        AdminConfig a = ConfigLoader.load(null, Map.of("MICROSCALER_ADMIN_TOKEN_FILE", file.toString())).admin();

        assertThat(a.tokens()).containsExactly(new AdminConfig.Token("admin", TOKEN, false));
    }

    @Test
    void theSameTokenTwiceIsRefusedSoTheAuditCanTellCallersApart() throws IOException {
        Path file = write("tokens", "alice " + TOKEN + "\nbob " + TOKEN + "\n");

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of("MICROSCALER_ADMIN_TOKEN_FILE", file.toString())));

        assertThat(e.getMessage()).contains("admin.tokenFile").contains("'bob' is the same as another").doesNotContain(TOKEN);
    }

    @Test
    void aMalformedLineIsRefusedByNumberWithoutShowingIt() throws IOException {
        Path file = write("tokens", "alice " + TOKEN + " admin\n");

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of("MICROSCALER_ADMIN_TOKEN_FILE", file.toString())));

        assertThat(e.getMessage()).contains("on line 1 there are 3 fields").doesNotContain(TOKEN);
    }

    @Test
    void aMissingFileIsRefused() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(null,
                Map.of("MICROSCALER_ADMIN_TOKEN_FILE", dir.resolve("nope").toString())));

        assertThat(e.getMessage()).contains("admin.tokenFile").contains("NoSuchFileException");
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
