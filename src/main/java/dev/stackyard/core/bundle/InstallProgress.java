package dev.stackyard.core.bundle;

/**
 * What an install reports as it goes. Called on the installing thread; implementations must be
 * quick (a view model hands the values to the FX thread, the CLI prints a line).
 */
public interface InstallProgress {
    /** Reports nothing. */
    InstallProgress NONE = new InstallProgress() {
    };

    /** A step begins: "downloading ...", "verifying ...", "unpacking ...". */
    default void step(String description) {
    }

    /** Bytes downloaded so far; {@code total} is -1 when the server did not say. */
    default void bytes(long done, long total) {
    }
}
