package dev.stackyard.core.bundle;

import org.bouncycastle.bcpg.sig.IssuerFingerprint;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Checks an artifact's detached OpenPGP signature ({@code .asc}) against its publisher's pinned
 * keys ({@link PublisherKeys}). The rule: a signature that is present and does not verify, or is by
 * a key other than a pinned one, is refused naming the key; a missing signature is refused where a
 * verifiable key is pinned and otherwise only reported; a signature that cannot be checked (no key
 * material ships) is reported with the key it names. Stateless.
 */
final class SignatureCheck {
    private SignatureCheck() {
    }

    /**
     * What the check found, when it did not refuse.
     *
     * @param verified whether the signature verified against a pinned key
     * @param warning  for a person, when not verified: why (never null then)
     */
    record Outcome(boolean verified, String warning) {
        static Outcome ok() {
            return new Outcome(true, null);
        }

        static Outcome warn(String why) {
            return new Outcome(false, why);
        }
    }

    /**
     * @param artifact for messages
     * @param content  the artifact's bytes (already checked against the published checksum)
     * @param asc      the {@code .asc} the repository publishes, if any
     * @throws BundleException when the signature is refused (see the class comment)
     */
    static Outcome check(Artifact artifact, InputStream content, Optional<byte[]> asc, PublisherKeys keys)
            throws IOException {
        if (asc.isEmpty()) {
            if (keys.verifiable()) {
                throw new BundleException(artifact + " has no OpenPGP signature (.asc), but its publisher's key "
                        + keys + " is pinned; nothing was installed");
            }
            return Outcome.warn(artifact + " has no OpenPGP signature (.asc): only its checksum vouches for it");
        }
        PGPSignature signature = parse(artifact, asc.get());
        String issuer = issuer(signature, keys);
        if (keys.pinned() && !keys.pins(signature.getKeyID())) {
            throw new BundleException(artifact + " is signed by key " + issuer + ", not by its publisher's pinned key "
                    + keys + "; nothing was installed");
        }
        Optional<PGPPublicKey> key = keys.key(signature.getKeyID());
        if (key.isEmpty()) {
            return Outcome.warn(keys.pinned()
                    ? artifact + " is signed by its publisher's pinned key " + issuer + ", but that key's material does"
                    + " not ship with Stackyard, so the signature was not checked"
                    : artifact + " is signed by key " + issuer + ", but no publisher key is pinned for it, so the"
                    + " signature was not checked");
        }
        try {
            signature.init(new BcPGPContentVerifierBuilderProvider(), key.get());
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = content.read(buffer)) > 0) {
                signature.update(buffer, 0, n);
            }
            if (!signature.verify()) {
                throw new BundleException("the OpenPGP signature of " + artifact + " by key " + issuer
                        + " does not verify: the artifact is not what its publisher " + keys.publisher()
                        + " signed; nothing was installed");
            }
        } catch (PGPException e) {
            throw new BundleException("cannot check the OpenPGP signature of " + artifact + " by key " + issuer + ": "
                    + e.getMessage() + "; nothing was installed", e);
        }
        return Outcome.ok();
    }

    private static PGPSignature parse(Artifact artifact, byte[] asc) throws BundleException {
        try {
            Object o = new BcPGPObjectFactory(PGPUtil.getDecoderStream(new ByteArrayInputStream(asc))).nextObject();
            if (o instanceof PGPSignatureList list && !list.isEmpty()) {
                return list.get(0);
            }
        } catch (IOException | RuntimeException e) {
            // below
        }
        throw new BundleException(artifact + ".asc is not an OpenPGP signature; nothing was installed");
    }

    /**
     * The signing key's full fingerprint when a pinned key's material or the signature names it,
     * else its 64-bit key id; upper-case hex.
     */
    private static String issuer(PGPSignature signature, PublisherKeys keys) {
        Optional<PGPPublicKey> known = keys.key(signature.getKeyID());
        if (known.isPresent()) {
            return HexFormat.of().withUpperCase().formatHex(known.get().getFingerprint());
        }
        if (signature.getHashedSubPackets() != null) {
            IssuerFingerprint fp = signature.getHashedSubPackets().getIssuerFingerprint();
            if (fp != null) {
                return HexFormat.of().withUpperCase().formatHex(fp.getFingerprint());
            }
        }
        return PublisherKeys.keyIdHex(signature.getKeyID());
    }
}
