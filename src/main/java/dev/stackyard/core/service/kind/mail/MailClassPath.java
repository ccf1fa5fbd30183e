package dev.stackyard.core.service.kind.mail;

import dev.stackyard.core.service.ServiceAccount;
import dev.stackyard.core.service.ServiceFolders;
import dev.stackyard.mailserver.MailServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The mail server's own class path: the jar (or classes folder) of each library it uses, found
 * where this JVM loaded them from — {@code target/stackyard.jar} and {@code target/lib/} from a
 * checkout, {@code /opt/stackyard/lib/app/} installed, Maven's repository under the tests — so it
 * is right wherever Stackyard runs, and holds nothing the server does not use (no JavaFX).
 * Immutable.
 */
final class MailClassPath {
    /** One class of each library the server loads, as a resource name. */
    static final List<String> MARKERS = List.of(
            MailServer.class.getName().replace('.', '/') + ".class",
            "org/subethamail/smtp/server/SMTPServer.class",
            "com/github/davidmoten/guavamini/Preconditions.class",
            "jakarta/mail/Session.class",
            "org/eclipse/angus/mail/smtp/SMTPTransport.class",
            "jakarta/activation/DataHandler.class",
            "org/eclipse/angus/activation/MailcapFile.class",
            "com/fasterxml/jackson/databind/ObjectMapper.class",
            "com/fasterxml/jackson/core/JsonFactory.class",
            "com/fasterxml/jackson/annotation/JsonProperty.class",
            "org/slf4j/Logger.class",
            "ch/qos/logback/classic/Logger.class",
            "ch/qos/logback/core/Appender.class");
    private static final String SERVER_PACKAGE = MailServer.class.getPackageName().replace('.', '/');

    private final List<Path> entries;

    MailClassPath(List<Path> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Where this JVM loaded each marker from; an IllegalStateException naming one it cannot find. */
    static MailClassPath ofThisJvm() {
        Set<Path> out = new LinkedHashSet<>();
        ClassLoader loader = MailClassPath.class.getClassLoader();
        for (String marker : MARKERS) {
            URL url = loader.getResource(marker);
            if (url == null) {
                throw new IllegalStateException("the mail server's class " + marker + " is not on Stackyard's class path");
            }
            out.add(entryOf(url, marker));
        }
        return new MailClassPath(new ArrayList<>(out));
    }

    /** {@code jar:file:/x/y.jar!/a/B.class} is {@code /x/y.jar}; {@code file:/x/classes/a/B.class} is {@code /x/classes}. */
    static Path entryOf(URL url, String resource) {
        try {
            String text = url.toString();
            if (text.startsWith("jar:")) {
                return Path.of(new java.net.URI(text.substring(4, text.indexOf("!/")))).toAbsolutePath();
            }
            Path file = Path.of(url.toURI()).toAbsolutePath();
            Path root = file;
            for (int i = 0; i < Path.of(resource).getNameCount(); i++) {
                root = root.getParent();
            }
            return root;
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot tell where " + resource + " comes from: " + url, e);
        }
    }

    List<Path> entries() {
        return entries;
    }

    String joined() {
        return String.join(":", entries.stream().map(Path::toString).toList());
    }

    /**
     * As root, the class path {@code account} can read: entries it can reach as they are, the others
     * (a checkout or Maven's repository under /root) copied into {@code lib}, a folder of Stackyard's
     * own that the account can pass through; of a classes folder only the server's package and its
     * logging set-up are copied.
     */
    MailClassPath readableBy(ServiceAccount account, Path lib) {
        List<Path> out = new ArrayList<>();
        try {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry) && readable(account, entry)) {
                    out.add(entry);
                    continue;
                }
                ServiceFolders.createFolders(lib, PosixFilePermissions.fromString("rwxr-xr-x"));
                if (Files.isRegularFile(entry)) {
                    Path copy = lib.resolve(entry.getFileName());
                    Files.copy(entry, copy, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                    out.add(copy);
                } else {
                    Path copy = lib.resolve("classes");
                    copyTree(entry.resolve(SERVER_PACKAGE), copy.resolve(SERVER_PACKAGE));
                    out.add(copy);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the mail server's class path into " + lib, e);
        }
        return new MailClassPath(out);
    }

    /** Every folder on the way passable by {@code account} and the file readable by everyone. */
    private static boolean readable(ServiceAccount account, Path file) throws IOException {
        for (Path folder : dev.stackyard.core.service.AccountFolders.foldersInto(file.getParent())) {
            if (!account.canTraverse(folder)) {
                return false;
            }
        }
        return Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(dir).toString());
                Files.createDirectories(target);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    Path target = to.resolve(from.relativize(file).toString());
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
