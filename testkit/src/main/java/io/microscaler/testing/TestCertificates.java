package io.microscaler.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A broker certificate for loopback TLS, made for one test run: a self-signed key pair for
 * {@code 127.0.0.1} and {@code localhost} (so clients' host name verification passes) in a PKCS12
 * key store, and a trust store holding its certificate. The key pair comes from the JDK's
 * {@code keytool} (the JDK has no public API to sign a certificate); the trust store is written
 * with {@link KeyStore}.
 *
 * @param keystore   the broker's key store (PKCS12)
 * @param truststore the clients' trust store (PKCS12)
 * @param password   of both stores and of the key
 */
public record TestCertificates(Path keystore, Path truststore, String password) {

    private static final String ALIAS = "broker";

    /** Writes {@code broker.p12} and {@code truststore.p12} into {@code dir}. */
    public static TestCertificates generate(Path dir) {
        String password = "test-store-" + Long.toHexString(System.nanoTime());
        Path keystore = dir.resolve("broker.p12");
        Path truststore = dir.resolve("truststore.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        // keytool is a JVM of its own: a quick-starting one (it runs for a second, JIT would not pay)
        run(List.of(keytool.toString(), "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", password, "-keypass", password));
        try (InputStream in = Files.newInputStream(keystore); OutputStream out = Files.newOutputStream(truststore)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, password.toCharArray());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(ALIAS, keys.getCertificate(ALIAS));
            trust.store(out, password.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the trust store " + truststore, e);
        }
        return new TestCertificates(keystore, truststore, password);
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
