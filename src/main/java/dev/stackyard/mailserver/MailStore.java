package dev.stackyard.mailserver;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The messages on disk, one folder: {@code ID.eml} (the message exactly as received) and
 * {@code ID.json} (its {@link StoredMessage}). A message is written to {@code .tmp-ID.eml}, flushed
 * to disk, and renamed into place only when the whole DATA arrived, so a dropped connection or a
 * crash never leaves a partial message; the side file is written the same way, before the rename.
 * Only the newest {@code keep} messages are kept. Thread-safe: receiving runs on SMTP session
 * threads, reading on HTTP threads; the index is guarded by this object, files are written outside it.
 */
final class MailStore {
    static final String TEMP_PREFIX = ".tmp-";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Mail is private: 0600 files from creation (the folder itself is 0700). */
    private static final java.nio.file.attribute.FileAttribute<?> PRIVATE =
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

    private final Path dir;
    private final int keep;
    private final TreeMap<String, StoredMessage> index = new TreeMap<>();
    private final MessageIds ids;

    /** Thrown when a message is over the size limit; its bytes were read to the end and dropped. */
    static final class TooLarge extends Exception {
        TooLarge(long limit) {
            super("message larger than " + limit + " bytes");
        }
    }

    /** Opens {@code dir} (made when missing), removing what an interrupted write left behind. */
    MailStore(Path dir, int keep) throws IOException {
        this.dir = dir;
        this.keep = keep;
        Files.createDirectories(dir);
        Set<String> emls = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.startsWith(TEMP_PREFIX)) {
                    Files.deleteIfExists(f);
                } else if (name.endsWith(".eml") && MessageIds.valid(stem(name))) {
                    emls.add(stem(name));
                }
            }
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                if (!emls.contains(stem(f.getFileName().toString()))) {
                    Files.deleteIfExists(f); // the message's rename never happened
                }
            }
        }
        for (String id : emls) {
            index.put(id, readOrRebuild(id));
        }
        ids = new MessageIds(index.isEmpty() ? null : index.lastKey());
        trim();
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    Path eml(String id) {
        return dir.resolve(id + ".eml");
    }

    private Path sideFile(String id) {
        return dir.resolve(id + ".json");
    }

    private StoredMessage readOrRebuild(String id) throws IOException {
        Path side = sideFile(id);
        if (Files.isRegularFile(side, LinkOption.NOFOLLOW_LINKS)) {
            try {
                StoredMessage m = JSON.readValue(side.toFile(), StoredMessage.class);
                if (id.equals(m.id())) {
                    return m;
                }
            } catch (IOException e) {
                // An unreadable side file is made again from the message.
            }
        }
        Instant created = Files.getLastModifiedTime(eml(id)).toInstant();
        StoredMessage m = summarize(id, eml(id), created, "", List.of());
        writeAtomically(side, JSON.writeValueAsBytes(m));
        return m;
    }

    /**
     * Stores one message read from {@code data} to its end. Over {@code limit} bytes it reads the
     * rest, stores nothing and throws {@link TooLarge}; when {@code data} fails (the client went
     * away) nothing is stored and the IOException is rethrown.
     *
     * @return the new message's id
     */
    String receive(String envelopeFrom, List<String> envelopeTo, InputStream data, long limit)
            throws IOException, TooLarge {
        Instant now = Instant.now();
        String id = ids.next(ChronoUnit.MICROS.between(Instant.EPOCH, now));
        Path temp = dir.resolve(TEMP_PREFIX + id + ".eml");
        try {
            long size = 0;
            try (FileChannel ch = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), PRIVATE);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = data.read(buffer)) >= 0) {
                    size += n;
                    if (size > limit) {
                        data.transferTo(OutputStream.nullOutputStream());
                        throw new TooLarge(limit);
                    }
                    out.write(buffer, 0, n);
                }
                out.flush();
                ch.force(true);
            }
            StoredMessage m = summarize(id, temp, now, envelopeFrom, envelopeTo);
            writeAtomically(sideFile(id), JSON.writeValueAsBytes(m));
            Files.move(temp, eml(id), StandardCopyOption.ATOMIC_MOVE);
            syncDir();
            synchronized (this) {
                index.put(id, m);
                trim();
            }
            return id;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private StoredMessage summarize(String id, Path eml, Instant created, String envelopeFrom, List<String> envelopeTo)
            throws IOException {
        ParsedMessage p = MimeParser.parse(eml);
        Set<String> named = new TreeSet<>();
        for (MailAddress a : p.to()) {
            named.add(a.address().toLowerCase(Locale.ROOT));
        }
        for (MailAddress a : p.cc()) {
            named.add(a.address().toLowerCase(Locale.ROOT));
        }
        List<MailAddress> bcc = envelopeTo.stream().filter(r -> !named.contains(r.toLowerCase(Locale.ROOT)))
                .map(r -> new MailAddress("", r)).toList();
        return new StoredMessage(id, created.truncatedTo(ChronoUnit.MILLIS).toString(), Files.size(eml), false,
                envelopeFrom, envelopeTo, p.messageId(), p.from(), p.to(), p.cc(), bcc, p.replyTo(), p.subject(),
                p.attachments().size(), p.snippet());
    }

    /** Drops the oldest messages beyond {@code keep}; caller holds the lock. */
    private void trim() throws IOException {
        while (index.size() > keep) {
            String oldest = index.firstKey();
            index.remove(oldest);
            Files.deleteIfExists(eml(oldest));
            Files.deleteIfExists(sideFile(oldest));
        }
    }

    /** Every message, newest first. */
    synchronized List<StoredMessage> newestFirst() {
        return new ArrayList<>(index.descendingMap().values());
    }

    synchronized Optional<StoredMessage> get(String id) {
        return Optional.ofNullable(index.get(id));
    }

    synchronized Optional<StoredMessage> newest() {
        return index.isEmpty() ? Optional.empty() : Optional.of(index.lastEntry().getValue());
    }

    synchronized int unread() {
        return (int) index.values().stream().filter(m -> !m.read()).count();
    }

    /** Marks {@code ids} (every message when empty) read or unread; unknown ids are skipped. */
    synchronized void markRead(Collection<String> ids, boolean read) throws IOException {
        Collection<String> which = ids.isEmpty() ? List.copyOf(index.keySet()) : ids;
        for (String id : which) {
            StoredMessage m = index.get(id);
            if (m != null && m.read() != read) {
                StoredMessage changed = m.withRead(read);
                writeAtomically(sideFile(id), JSON.writeValueAsBytes(changed));
                index.put(id, changed);
            }
        }
    }

    /** Deletes {@code ids} (every message when empty); returns how many were deleted. */
    synchronized int delete(Collection<String> ids) throws IOException {
        Collection<String> which = ids.isEmpty() ? List.copyOf(index.keySet()) : ids;
        int deleted = 0;
        for (String id : which.stream().filter(MessageIds::valid).collect(Collectors.toSet())) {
            if (index.remove(id) != null) {
                Files.deleteIfExists(eml(id));
                Files.deleteIfExists(sideFile(id));
                deleted++;
            }
        }
        return deleted;
    }

    private void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path temp = dir.resolve(TEMP_PREFIX + target.getFileName());
        Files.deleteIfExists(temp);
        try (FileChannel ch = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), PRIVATE)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Makes the renames durable. */
    private void syncDir() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse fsync on a folder; the rename itself is still atomic.
        }
    }
}
