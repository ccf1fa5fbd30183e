package dev.stackyard.core.bundle;

/** The downloaded file's digest is not the one the repository publishes: the file was not unpacked. */
public final class ChecksumMismatchException extends BundleException {
    private static final long serialVersionUID = 1L;
    private final String expected;
    private final String actual;

    public ChecksumMismatchException(Artifact artifact, String algorithm, String expected, String actual) {
        super(artifact + ": checksum mismatch, " + algorithm + " published " + expected + " but the download has "
                + actual + "; nothing was installed (retry, or check the repository or proxy)");
        this.expected = expected;
        this.actual = actual;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }
}
