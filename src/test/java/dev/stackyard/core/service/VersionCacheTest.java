package dev.stackyard.core.service;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The binaries' version answers are remembered across processes (each {@link Installations} here
 * stands for one CLI call) and asked again whenever the binary is not the very file that answered:
 * rewritten, replaced by a rename, or rewritten with its size and modification time put back.
 * The binary is a script that counts how often it is asked.
 */
class VersionCacheTest {
    @TempDir
    Path tmp;
    private Path binary;
    private Path asked;
    private Path cacheFile;
    private final ServiceKind redis = ServiceKind.named("redis");

    @BeforeEach
    void fakeBinary() throws IOException {
        binary = tmp.resolve("bin/redis-server");
        asked = tmp.resolve("asked");
        cacheFile = tmp.resolve("run/.version-answers");
        Files.createDirectories(binary.getParent());
        writeBinary(binary, "7.0.15");
    }

    @Test
    void aSecondCallAsksNoBinaryAndFindsTheSameVersion() throws IOException {
        Installation first = only(newCall().find(redis));
        assertEquals("7.0.15", first.exactVersion());
        assertEquals(1, timesAsked());

        Installation second = only(newCall().find(redis));
        assertEquals(first, second);
        assertEquals(1, timesAsked(), "the second call ran the binary again");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cacheFile)));
    }

    @Test
    void anUpgradedBinaryIsAskedAgain() throws IOException {
        assertEquals("7.0.15", only(newCall().find(redis)).exactVersion());
        writeBinary(binary, "7.2.4");
        assertEquals("7.2.4", only(newCall().find(redis)).exactVersion());
        assertEquals(2, timesAsked());
    }

    @Test
    void aBinaryReplacedByARenameIsAskedAgain() throws IOException {
        assertEquals("7.0.15", only(newCall().find(redis)).exactVersion());
        Path staged = tmp.resolve("bin/.staged");
        writeBinary(staged, "7.0.16"); // same size as the old one, as a package upgrade's rename brings it
        Files.setLastModifiedTime(staged, Files.getLastModifiedTime(binary));
        Files.move(staged, binary, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals("7.0.16", only(newCall().find(redis)).exactVersion());
    }

    @Test
    void aBinaryRewrittenInPlaceWithItsSizeAndTimeKeptIsAskedAgain() throws IOException {
        assertEquals("7.0.15", only(newCall().find(redis)).exactVersion());
        FileTime modified = Files.getLastModifiedTime(binary);
        waitForTheClockToPass(binary);
        writeBinary(binary, "7.0.16"); // same length, same inode
        Files.setLastModifiedTime(binary, modified); // anyone may set this; nobody can set the change time
        assertEquals("7.0.16", only(newCall().find(redis)).exactVersion());
    }

    @Test
    void aLinkPlantedAsTheCacheIsNeitherReadNorWrittenThrough() throws IOException {
        Path elsewhere = tmp.resolve("someone-elses-file");
        Files.writeString(elsewhere, "keep me\n");
        Files.createDirectories(cacheFile.getParent());
        Files.createSymbolicLink(cacheFile, elsewhere);

        assertEquals("7.0.15", only(newCall().find(redis)).exactVersion());
        assertEquals("keep me\n", Files.readString(elsewhere));
        assertTrue(Files.isSymbolicLink(cacheFile));
        assertEquals(1, timesAsked());
    }

    @Test
    void aGarbledCacheIsOnlyAMiss() throws IOException {
        Files.createDirectories(cacheFile.getParent());
        Files.writeString(cacheFile, "\\u00zz this is not a properties file\n" + binary + "\\u0000--version=1:2:3 %%%\n");
        assertEquals("7.0.15", only(newCall().find(redis)).exactVersion());
        assertEquals("7.0.15", only(newCall().find(redis)).exactVersion());
        assertEquals(1, timesAsked());
    }

    /** A new Installations over the same cache file: what the next CLI call makes. */
    private Installations newCall() {
        Installations.Manifest manifest = new Installations.Manifest(List.of(binary.toString()), "--version",
                Pattern.compile("v=(\\d+\\.\\d+)"), "apt install redis-server", Pattern.compile("v=(\\d+(?:\\.\\d+)*)"));
        return new Installations(tmp.resolve("bundles"), Map.of(redis, manifest), VersionCache.at(cacheFile));
    }

    private void writeBinary(Path file, String version) throws IOException {
        Files.writeString(file, "#!/bin/sh\necho asked >> '" + asked + "'\necho 'Redis server v=" + version + " bits=64'\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    private int timesAsked() throws IOException {
        return Files.exists(asked) ? Files.readAllLines(asked).size() : 0;
    }

    private static Installation only(List<Installation> found) {
        assertEquals(1, found.size(), "installations: " + found);
        return found.getFirst();
    }

    /**
     * Waits until the file system's clock has moved past {@code file}'s change time (it ticks
     * coarsely), so a rewrite now gets a change time of its own.
     */
    private void waitForTheClockToPass(Path file) throws IOException {
        Object changed = Files.getAttribute(file, "unix:ctime");
        Path probe = tmp.resolve("clock-probe");
        do {
            Files.writeString(probe, "tick");
        } while (Files.getAttribute(probe, "unix:ctime").equals(changed));
    }
}
