package dev.stackyard.core.process;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Stackyard was about to write a file and found a symbolic link where the file should be: a link
 * it did not make (it makes none in its own folders), so possibly one planted to make it write
 * somewhere else. Nothing was written; the message names the path.
 */
public final class LinkRefusedException extends IOException {
    private final transient Path path;

    public LinkRefusedException(Path path) {
        super(path + " is a symbolic link; Stackyard does not write through links it did not make"
                + " (remove it, and Stackyard writes a file of its own there)");
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
