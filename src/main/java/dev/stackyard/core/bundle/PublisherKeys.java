package dev.stackyard.core.bundle;

import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The OpenPGP keys one kind's publisher signs its artifacts with, pinned in the kind's
 * {@link BundleSource}: the fingerprints (or, where the publisher's signatures carry nothing more,
 * the 64-bit key ids) and, when Stackyard ships it, the key material, read from the resource
 * {@code /dev/stackyard/core/bundle/keys/PIN.asc} (an armored public key). Only a pin with key
 * material can verify a signature; a pin without it still refuses a signature by another key.
 * Immutable.
 */
public final class PublisherKeys {
    /** No key pinned: a signature cannot be checked, and its absence is only a warning. */
    public static final PublisherKeys NONE = new PublisherKeys("", List.of(), List.of());
    private static final String RESOURCES = "/dev/stackyard/core/bundle/keys/";

    private final String publisher;
    private final List<String> pins;
    private final List<PGPPublicKeyRing> rings;

    private PublisherKeys(String publisher, List<String> pins, List<PGPPublicKeyRing> rings) {
        this.publisher = publisher;
        this.pins = List.copyOf(pins);
        this.rings = List.copyOf(rings);
    }

    /**
     * {@code publisher}'s keys by fingerprint (40 hex digits) or long key id (16), with the key
     * material of each that ships as a resource.
     */
    public static PublisherKeys pinned(String publisher, String... pins) {
        List<String> normalized = new ArrayList<>();
        List<PGPPublicKeyRing> rings = new ArrayList<>();
        for (String pin : pins) {
            String p = normalize(pin);
            normalized.add(p);
            try (InputStream in = PublisherKeys.class.getResourceAsStream(RESOURCES + p + ".asc")) {
                if (in != null) {
                    rings.addAll(parse(in.readAllBytes(), p));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the pinned key " + p, e);
            }
        }
        return new PublisherKeys(publisher, normalized, rings);
    }

    /** {@code publisher}'s key {@code pin} with its material {@code armored} given here (tests, a mirror's own key). */
    public static PublisherKeys withMaterial(String publisher, String pin, byte[] armored) {
        String p = normalize(pin);
        try {
            return new PublisherKeys(publisher, List.of(p), parse(armored, p));
        } catch (IOException e) {
            throw new IllegalArgumentException("not an OpenPGP public key: " + e.getMessage(), e);
        }
    }

    /** Who signs: "codemonstur (embedded-redis)". */
    public String publisher() {
        return publisher;
    }

    /** The pinned fingerprints or key ids, upper-case hex. */
    public List<String> pins() {
        return pins;
    }

    /** Whether any key is pinned. */
    public boolean pinned() {
        return !pins.isEmpty();
    }

    /** Whether a signature can be verified: some pinned key's material ships. */
    public boolean verifiable() {
        return !rings.isEmpty();
    }

    /** Whether {@code keyId} (a signature's issuer) is a pinned key (by fingerprint or key id). */
    boolean pins(long keyId) {
        String id = keyIdHex(keyId);
        return pins.stream().anyMatch(p -> p.endsWith(id)) || key(keyId).isPresent();
    }

    /** The public key (primary or subkey of a pinned ring) with {@code keyId}, when its material ships. */
    Optional<PGPPublicKey> key(long keyId) {
        for (PGPPublicKeyRing ring : rings) {
            PGPPublicKey k = ring.getPublicKey(keyId);
            if (k != null) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    static String keyIdHex(long keyId) {
        return HexFormat.of().withUpperCase().toHexDigits(keyId);
    }

    private static String normalize(String pin) {
        String p = pin.replace(" ", "").toUpperCase(Locale.ROOT);
        if (!p.matches("[0-9A-F]{16}|[0-9A-F]{40}|[0-9A-F]{64}")) {
            throw new IllegalArgumentException("'" + pin + "' is not an OpenPGP fingerprint or long key id");
        }
        return p;
    }

    /** The rings in {@code armored} whose primary key matches {@code pin}; refuses material for another key. */
    private static List<PGPPublicKeyRing> parse(byte[] armored, String pin) throws IOException {
        List<PGPPublicKeyRing> out = new ArrayList<>();
        try {
            PGPPublicKeyRingCollection all = new PGPPublicKeyRingCollection(
                    PGPUtil.getDecoderStream(new ByteArrayInputStream(armored)), new BcKeyFingerprintCalculator());
            for (PGPPublicKeyRing ring : all) {
                String fingerprint = HexFormat.of().withUpperCase().formatHex(ring.getPublicKey().getFingerprint());
                if (fingerprint.endsWith(pin)) {
                    out.add(ring);
                }
            }
        } catch (PGPException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new IOException("the key material for " + pin + " holds no key with that fingerprint");
        }
        return out;
    }

    @Override
    public String toString() {
        return pins.isEmpty() ? "no pinned key" : publisher + " " + String.join(", ", pins);
    }
}
