package dev.stackyard.core.site;

import dev.stackyard.core.process.PrivateFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * The local certificate authority that signs the secure sites' certificates, made once with the
 * {@code openssl} command and kept in {@code DATA/sites/tls}: {@code ca.key} and every site key
 * mode 0600 in a 0700 folder. Nothing here touches a trust store: {@code site trust} prints (and,
 * when asked, runs) the commands that add {@link #caCertificate()} to the user's NSS database.
 *
 * <p>Why openssl and not the JDK: nginx wants PEM keys and certificates with a subjectAltName, and
 * the JDK has no public API to sign a certificate (keytool could, but only through keystores that
 * would then need converting to PEM). openssl is on every machine that runs nginx.
 *
 * <p>Methods are synchronized within this object; two processes making the CA at the same moment
 * could each make one, and the later one would win (its certificates are re-made as needed).
 */
public final class CertificateAuthority {
    private static final Duration OPENSSL_TIMEOUT = Duration.ofSeconds(30);
    /** Browsers refuse leaf certificates valid for more than 398 days. */
    private static final int LEAF_DAYS = 397;
    /**
     * Two years: a CA key that leaks stops being useful sooner. It can only sign for localhost and
     * *.localhost anyway (its name constraints); a new CA must be trusted again, once.
     */
    private static final int CA_DAYS = 730;
    /** Re-issue a leaf certificate that expires within this many seconds (30 days). */
    private static final long RENEW_BEFORE_SECONDS = 30L * 24 * 3600;

    private final Path dir;
    private final String openssl;

    /** @param dir where the CA and the site certificates are kept ({@code DATA/sites/tls}) */
    public CertificateAuthority(Path dir) {
        this(dir, "openssl");
    }

    CertificateAuthority(Path dir, String openssl) {
        this.dir = dir;
        this.openssl = openssl;
    }

    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    Path caKey() {
        return dir.resolve("ca.key");
    }

    public Path certificate(String site) {
        return dir.resolve(site + ".crt");
    }

    public Path key(String site) {
        return dir.resolve(site + ".key");
    }

    /** Makes the CA when there is none yet; returns its certificate. */
    public synchronized Path ensureCa() {
        if (Files.isRegularFile(caCertificate()) && Files.isRegularFile(caKey())) {
            return caCertificate();
        }
        privateDir();
        Path conf = writeConf("ca.cnf", """
                [req]
                distinguished_name = dn
                prompt = no
                x509_extensions = v3_ca
                [dn]
                O = Stackyard
                CN = Stackyard local CA (%s)
                [v3_ca]
                basicConstraints = critical,CA:TRUE,pathlen:0
                keyUsage = critical,keyCertSign,cRLSign
                subjectKeyIdentifier = hash
                # Browsers that trust this CA accept from it only names under localhost: a leaked
                # key cannot sign for any other site.
                nameConstraints = critical,permitted;DNS:localhost,permitted;DNS:.localhost
                """.formatted(System.getProperty("user.name") + "@" + hostName()));
        ownerOnlyFile(caKey());
        openssl(List.of("req", "-x509", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", caKey().toString(), "-out", caCertificate().toString(), "-days", Integer.toString(CA_DAYS),
                "-config", conf.toString()), "make the local certificate authority");
        delete(conf);
        return caCertificate();
    }

    /**
     * Makes (or renews, when it expires within 30 days or is missing) the certificate of
     * {@code site} for {@code SITE.localhost}, signed by the CA.
     */
    public synchronized void ensureCertificate(String site) {
        if (!SiteNames.valid(site)) {
            throw new IllegalArgumentException("not a site name: " + site);
        }
        ensureCa();
        if (Files.isRegularFile(certificate(site)) && Files.isRegularFile(key(site)) && !expiresSoon(certificate(site))) {
            return;
        }
        String host = site + ".localhost";
        Path request = writeConf(site + ".req.cnf", """
                [req]
                distinguished_name = dn
                prompt = no
                [dn]
                O = Stackyard
                CN = %s
                """.formatted(host));
        Path extensions = writeConf(site + ".ext.cnf", """
                [v3]
                basicConstraints = critical,CA:FALSE
                keyUsage = critical,digitalSignature,keyEncipherment
                extendedKeyUsage = serverAuth
                subjectAltName = DNS:%s
                subjectKeyIdentifier = hash
                authorityKeyIdentifier = keyid,issuer
                """.formatted(host));
        Path csr = dir.resolve(site + ".csr");
        ownerOnlyFile(key(site));
        openssl(List.of("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key(site).toString(), "-out", csr.toString(), "-config", request.toString()),
                "make a key for " + host);
        openssl(List.of("x509", "-req", "-in", csr.toString(), "-CA", caCertificate().toString(),
                "-CAkey", caKey().toString(), "-set_serial", "0x" + HexFormat.of().formatHex(serial()),
                "-days", Integer.toString(LEAF_DAYS), "-out", certificate(site).toString(),
                "-extfile", extensions.toString(), "-extensions", "v3"), "sign the certificate of " + host);
        delete(request);
        delete(extensions);
        delete(csr);
    }

    private boolean expiresSoon(Path cert) {
        return !OneShotCommand.run(List.of(openssl, "x509", "-checkend", Long.toString(RENEW_BEFORE_SECONDS), "-noout",
                "-in", cert.toString()), dir, OPENSSL_TIMEOUT).ok();
    }

    private void openssl(List<String> args, String what) {
        List<String> argv = new java.util.ArrayList<>();
        argv.add(openssl);
        argv.addAll(args);
        OneShotCommand.Result r = OneShotCommand.run(argv, dir, OPENSSL_TIMEOUT);
        if (!r.ok()) {
            throw new SiteException("openssl could not " + what + " (exit " + r.exitCode() + ")", r.output());
        }
    }

    private void privateDir() {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** Creates an empty 0600 file (or makes an existing one 0600), so a key is never readable by others. */
    private static void ownerOnlyFile(Path file) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
    }

    private Path writeConf(String name, String text) {
        Path p = dir.resolve(name);
        try {
            PrivateFiles.writeWhole(p, text.getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-r--r--"));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + p, e);
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p, e);
        }
    }

    private static byte[] serial() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        b[0] &= 0x7f; // a positive serial number
        return b;
    }

    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
