package dev.stackyard.core.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Where one kind's relocatable builds come from on Maven repositories, and how one is unpacked into
 * {@code DATA/bundles/KIND/VERSION/}. Implementations are immutable.
 */
public interface BundleSource {

    /** The Maven coordinates without a version, for messages: {@code group:artifact}. */
    String artifactKey();

    /** The versions of the daemon the repository offers, exact ("17.11.0"), newest first. */
    List<String> installable(MavenRepository repository) throws BundleException;

    /** The artifact holding the daemon's exact version {@code version} (one of {@link #installable}). */
    Artifact artifact(String version);

    /**
     * The OpenPGP keys the publisher signs this source's artifacts with ({@link PublisherKeys#NONE}
     * when none is pinned: a signature then cannot be checked and its absence is only a warning).
     * Pinning one is a line: {@code PublisherKeys.pinned("publisher", "FINGERPRINT")}.
     */
    default PublisherKeys publisherKeys() {
        return PublisherKeys.NONE;
    }

    /** The daemon's executable, relative to the bundle folder (where {@code bundles/KIND.properties} looks). */
    String binary();

    /**
     * Unpacks the daemon's exact {@code version} from the verified artifact {@code jar} into the
     * empty folder {@code into}, writing nothing outside it.
     */
    void unpack(InputStream jar, String version, Path into, Cancellation cancel) throws IOException;
}
