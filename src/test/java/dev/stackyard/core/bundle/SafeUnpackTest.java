package dev.stackyard.core.bundle;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real .txz archives, built here, through the unpacker: what may land where, with which mode. */
class SafeUnpackTest {
    @TempDir
    Path tmp;

    /** An entry: name, then "file:CONTENT", "dir", "link:TARGET" or "hard:TARGET"; mode in octal. */
    private record E(String name, String what, int mode) {
    }

    private static byte[] txz(E... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new XZOutputStream(bytes, new LZMA2Options()))) {
            for (E e : entries) {
                TarArchiveEntry t;
                if (e.what().startsWith("link:")) {
                    t = new TarArchiveEntry(e.name(), TarArchiveEntry.LF_SYMLINK);
                    t.setLinkName(e.what().substring(5));
                } else if (e.what().startsWith("hard:")) {
                    t = new TarArchiveEntry(e.name(), TarArchiveEntry.LF_LINK);
                    t.setLinkName(e.what().substring(5));
                } else {
                    t = new TarArchiveEntry(e.name());
                }
                t.setMode(e.mode());
                byte[] content = e.what().startsWith("file:") ? e.what().substring(5).getBytes(StandardCharsets.UTF_8) : new byte[0];
                if (e.what().startsWith("file:")) {
                    t.setSize(content.length);
                }
                tar.putArchiveEntry(t);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private Path unpack(byte[] archive) throws IOException {
        Path into = Files.createDirectory(tmp.resolve("into"));
        SafeUnpack.tarXz(new ByteArrayInputStream(archive), into, new Cancellation());
        return into;
    }

    @Test
    void filesFoldersAndInsideLinksLandWithSaneModes() throws Exception {
        Path into = unpack(txz(new E("bin/", "dir", 0700), new E("bin/postgres", "file:#!", 04777),
                new E("lib/libpq.so.5.17", "file:elf", 0666), new E("lib/libpq.so.5", "link:libpq.so.5.17", 0777),
                new E("lib/copy.so", "hard:lib/libpq.so.5.17", 0644)));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(into.resolve("bin"))));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(into.resolve("bin/postgres"))));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(into.resolve("lib/libpq.so.5.17"))));
        assertEquals(Path.of("libpq.so.5.17"), Files.readSymbolicLink(into.resolve("lib/libpq.so.5")));
        assertEquals("elf", Files.readString(into.resolve("lib/copy.so")));
    }

    @Test
    void entriesThatClimbOutAreRefusedAndWriteNothingOutside() throws Exception {
        for (byte[] archive : List.of(
                txz(new E("../escaped", "file:x", 0644)),
                txz(new E("lib/evil", "link:../../escaped", 0777)),
                txz(new E("lib/evil", "link:/etc", 0777)),
                txz(new E("lib/evil", "hard:../escaped", 0644)))) {
            deleteInto();
            assertThrows(BundleException.class, () -> unpack(archive));
            assertFalse(Files.exists(tmp.resolve("escaped")));
        }
    }

    @Test
    void anAbsoluteNameLandsInsideTheFolder() throws Exception {
        // tar strips the leading slash (as GNU tar does), so the entry cannot reach /tmp.
        Path into = unpack(txz(new E("/tmp/escaped-abs", "file:x", 0644)));
        assertTrue(Files.isRegularFile(into.resolve("tmp/escaped-abs")));
        assertFalse(Files.exists(Path.of("/tmp/escaped-abs")));
    }

    @Test
    void aWriteThroughALinkIsRefused() throws Exception {
        byte[] archive = txz(new E("share", "link:lib", 0777), new E("lib/", "dir", 0755), new E("share/x", "file:x", 0644));
        BundleException e = assertThrows(BundleException.class, () -> unpack(archive));
        assertTrue(e.getMessage().contains("writes through the link share"), e.getMessage());
    }

    /**
     * The attack from issue 23: {@code d1 -> .} then {@code u1 -> d1/..} is lexically inside the
     * bundle but really its parent, and a record link through it reached a file outside, which
     * the install then overwrote and made 0644. Performs the whole install step (unpack, then the
     * bundle record) and checks the file outside is untouched.
     */
    @Test
    void aChainOfLinksThatEscapesIsRefusedAndTheFileOutsideIsUntouched() throws Exception {
        Path victim = Files.writeString(tmp.resolve("victim"), "precious\n");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
        byte[] archive = txz(new E("d1", "link:.", 0777), new E("u1", "link:d1/..", 0777),
                new E(BundleInfo.FILE, "link:u1/victim", 0777));

        BundleException refused = assertThrows(BundleException.class, () -> {
            Path into = unpack(archive);
            new BundleInfo("g:a:1", "file:/repo/", "SHA-256:00", java.time.Instant.EPOCH).write(into);
        });

        assertTrue(refused.getMessage().contains("u1 -> d1/.."), refused.getMessage());
        assertEquals("precious\n", Files.readString(victim));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(victim)));
    }

    @Test
    void linksToLinksAreRefusedWhicheverComesFirst() throws Exception {
        for (byte[] archive : List.of(
                txz(new E("a", "link:b", 0777), new E("b", "link:c", 0777), new E("c", "file:x", 0644)),
                txz(new E("d1", "link:.", 0777), new E("x", "link:d1/c", 0777)),
                txz(new E("self", "link:self", 0777)))) {
            deleteInto();
            BundleException e = assertThrows(BundleException.class, () -> unpack(archive));
            assertTrue(e.getMessage().contains("links to links are refused"), e.getMessage());
        }
    }

    @Test
    void aHardLinkThroughALinkIsRefused() throws Exception {
        byte[] archive = txz(new E("x", "file:x", 0644), new E("up", "link:.", 0777), new E("h", "hard:up/x", 0644));
        BundleException e = assertThrows(BundleException.class, () -> unpack(archive));
        assertTrue(e.getMessage().contains("goes through the link up"), e.getMessage());
    }

    @Test
    void theBundleRecordIsNeverWrittenThroughAFileTheArchiveBrought() throws Exception {
        Path victim = Files.writeString(tmp.resolve("victim"), "precious\n");
        Path into = unpack(txz(new E("lib/", "dir", 0755)));
        Files.createLink(into.resolve(BundleInfo.FILE), victim); // as a hard link entry would have made it
        BundleException e = assertThrows(BundleException.class,
                () -> new BundleInfo("g:a:1", "file:/repo/", "SHA-256:00", java.time.Instant.EPOCH).write(into));
        assertTrue(e.getMessage().contains(BundleInfo.FILE), e.getMessage());
        assertEquals("precious\n", Files.readString(victim));
    }

    private void deleteInto() throws IOException {
        Path into = tmp.resolve("into");
        if (Files.exists(into)) {
            try (Stream<Path> walk = Files.walk(into)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
