package dev.stackyard.core.site;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local CA made with the real openssl, and trusted through a real (temporary) NSS database. */
class CertificateAuthorityTest {
    @TempDir
    Path tmp;

    private static OneShotCommand.Result run(Path dir, String... argv) {
        return OneShotCommand.run(List.of(argv), dir, Duration.ofSeconds(30));
    }

    @Test
    void aSiteCertificateNamesItsHostAndVerifiesAgainstTheCaWhichIsMadeOnce() throws Exception {
        CertificateAuthority ca = new CertificateAuthority(tmp.resolve("tls"));
        Path caCert = ca.ensureCa();
        byte[] first = Files.readAllBytes(caCert);
        ca.ensureCertificate("shop");
        ca.ensureCa();
        assertArrayEquals(first, Files.readAllBytes(caCert), "the CA is made once");

        OneShotCommand.Result verify = run(tmp, "openssl", "verify", "-CAfile", caCert.toString(),
                "-verify_hostname", "shop.localhost", ca.certificate("shop").toString());
        assertEquals(0, verify.exitCode(), String.join("\n", verify.output()));
        OneShotCommand.Result other = run(tmp, "openssl", "verify", "-CAfile", caCert.toString(),
                "-verify_hostname", "blog.localhost", ca.certificate("shop").toString());
        assertTrue(other.exitCode() != 0, "a certificate for shop is not one for blog");
        assertEquals(List.of("ca.crt", "ca.key", "shop.crt", "shop.key"),
                Files.list(tmp.resolve("tls")).map(p -> p.getFileName().toString()).sorted().toList(),
                "no request or extension files are left behind");
    }

    /** Issue 23 §3: whoever steals ca.key signs a certificate for another name; browsers must refuse it. */
    @Test
    void aLeakedCaKeyCannotSignForANameOutsideLocalhost() throws Exception {
        CertificateAuthority ca = new CertificateAuthority(tmp.resolve("tls"));
        Path caCert = ca.ensureCa();
        Path ext = Files.writeString(tmp.resolve("ext.cnf"), "[v3]\nbasicConstraints = critical,CA:FALSE\n"
                + "extendedKeyUsage = serverAuth\nsubjectAltName = DNS:bank.example.com\n");
        Path key = tmp.resolve("evil.key");
        Path csr = tmp.resolve("evil.csr");
        Path cert = tmp.resolve("evil.crt");
        assertEquals(0, run(tmp, "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", key.toString(), "-out", csr.toString(), "-subj", "/CN=bank.example.com").exitCode());
        assertEquals(0, run(tmp, "openssl", "x509", "-req", "-in", csr.toString(), "-CA", caCert.toString(),
                "-CAkey", ca.caKey().toString(), "-CAcreateserial", "-days", "30", "-out", cert.toString(),
                "-extfile", ext.toString(), "-extensions", "v3").exitCode(), "the attacker signs with the stolen key");

        OneShotCommand.Result verify = run(tmp, "openssl", "verify", "-CAfile", caCert.toString(),
                "-verify_hostname", "bank.example.com", cert.toString());
        assertTrue(verify.exitCode() != 0, "a leaked CA key signed for bank.example.com: " + verify.output());
        assertTrue(String.join("\n", verify.output()).contains("subtree violation"), verify.output().toString());

        OneShotCommand.Result days = run(tmp, "openssl", "x509", "-in", caCert.toString(), "-noout", "-checkend",
                Long.toString(731L * 24 * 3600));
        assertTrue(days.exitCode() != 0, "the CA is valid for at most two years");
        ca.ensureCertificate("shop");
        assertEquals(0, run(tmp, "openssl", "verify", "-CAfile", caCert.toString(), "-verify_hostname", "shop.localhost",
                ca.certificate("shop").toString()).exitCode(), "its own sites still verify");
    }

    @Test
    void trustAddsTheCaToTheUsersNssDatabase() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path caCert = new CertificateAuthority(tmp.resolve("tls")).ensureCa();
        TrustCommands.run(TrustCommands.commands(home, caCert), home);
        OneShotCommand.Result listed = run(home, "certutil", "-L", "-d", "sql:" + home.resolve(".pki/nssdb"),
                "-n", TrustCommands.NICKNAME);
        assertEquals(0, listed.exitCode(), String.join("\n", listed.output()));
        assertTrue(String.join("\n", listed.output()).contains("Stackyard local CA"), String.join("\n", listed.output()));
    }
}
