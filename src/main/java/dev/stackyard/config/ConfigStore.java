package dev.stackyard.config;

import dev.stackyard.core.process.PrivateFiles;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.site.LinkedSite;
import dev.stackyard.core.site.ParkedDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads {@code stackyard.yaml} and makes the few edits Stackyard itself does to it.
 *
 * <p>Contracts:
 * <ul>
 *   <li>{@link #load()} writes the default file only when there is none; an existing file is never
 *       rewritten by loading.</li>
 *   <li>{@link #addService} and {@link #removeService} edit the text, so the rest of the file stays
 *       byte for byte the same. They first check the edited text loads, is valid and means exactly the
 *       intended change; otherwise they throw and the file is untouched. Only then do they copy the
 *       file to {@code stackyard.yaml.bak} and replace it whole (temporary file, fsync, rename, fsync
 *       of the folder: after a crash the file is the old or the new one, never a mix; a
 *       symbolic link is followed, not replaced).</li>
 *   <li>Methods are synchronized, so edits from this process do not interleave. An edit made by
 *       another program between Stackyard reading and replacing the file is detected and refused,
 *       not merged.</li>
 * </ul>
 * Calls do file I/O: never on the FX thread.
 */
public final class ConfigStore {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigStore.class);
    private static final FileAttribute<?> OWNER_ONLY_DIR =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private final Path file;
    private final Path dataDir;
    private final ConfigReader reader;

    /** The store for {@code dirs}; {@code ~} in paths means this process's {@code user.home}. */
    public ConfigStore(AppDirs dirs) {
        this(dirs.configFile(), dirs.dataDir(), Path.of(System.getProperty("user.home")));
    }

    /**
     * @param file    the config file; need not exist yet
     * @param dataDir Stackyard's data folder (nginx's default root is {@code <dataDir>/www})
     * @param home    what {@code ~} means in paths in the file
     */
    public ConfigStore(Path file, Path dataDir, Path home) {
        this.file = Objects.requireNonNull(file, "file");
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        this.reader = new ConfigReader(dataDir, home);
    }

    public Path file() {
        return file;
    }

    /** Where the file's content before the last edit is kept: {@code stackyard.yaml.bak} beside it. */
    public Path backupFile() {
        return file.resolveSibling(file.getFileName() + ".bak");
    }

    /**
     * The services in the file, writing the default file first when there is none.
     *
     * @throws ConfigException with every problem when the file is not valid
     * @throws IOException     when the file cannot be read, or the default cannot be written
     */
    public synchronized Config load() throws IOException, ConfigException {
        ConfigReader.Result result = current().result();
        return new Config(file, result.services(), result.sites());
    }

    /**
     * Appends {@code service} as the last entry of {@code services:}, writing only the keys it sets
     * (so {@link ServiceDefinition#of} gives a short entry and defaults stay defaults).
     *
     * @return the config as it is now
     * @throws ConfigException when the file is invalid already, or would be with this service (a
     *                         duplicate id or port, a bad id...); the file is then untouched
     * @throws IOException     when reading or writing fails
     */
    public synchronized Config addService(ServiceDefinition service) throws IOException, ConfigException {
        Objects.requireNonNull(service, "service");
        Current before = current();
        String edited = new ServiceListEditor(file, before.result().document()).append(ServiceYaml.lines(service));
        String action = "adding '" + service.id() + "'";
        ConfigReader.Result after = check(edited, action);
        List<ServiceDefinition> old = before.result().services();
        List<ServiceDefinition> now = after.services();
        boolean asIntended = now.size() == old.size() + 1 && now.subList(0, old.size()).equals(old)
                && now.getLast().id().equals(service.id()) && now.getLast().kind() == service.kind();
        requireIntended(asIntended, action, after);
        replace(before.text(), edited);
        LOG.info("Added service '{}' to {}", service.id(), file);
        return new Config(file, now, after.sites());
    }

    /**
     * Deletes the lines of the entry with this id (with the comment lines directly above it).
     *
     * @return the config as it is now
     * @throws ConfigException when no service has this id, when the file is invalid already, or would
     *                         be without it (nginx's {@code php} naming it); the file is then untouched
     * @throws IOException     when reading or writing fails
     */
    public synchronized Config removeService(String id) throws IOException, ConfigException {
        Objects.requireNonNull(id, "id");
        Current before = current();
        List<ServiceDefinition> old = before.result().services();
        int index = -1;
        for (int i = 0; i < old.size(); i++) {
            if (old.get(i).id().equals(id)) {
                index = i;
            }
        }
        if (index < 0) {
            YamlDocument document = before.result().document();
            throw new ConfigException(file, file + " was not changed:",
                    List.of(new ConfigProblem("services", document.line("services"), "no service has id '" + id + "'")));
        }
        // A valid file has one definition per entry, in order, so the index is the entry's too.
        String edited = new ServiceListEditor(file, before.result().document()).remove(index);
        String action = "removing '" + id + "'";
        ConfigReader.Result after = check(edited, action);
        List<ServiceDefinition> expected = new ArrayList<>(old);
        expected.remove(index);
        requireIntended(after.services().equals(expected), action, after);
        replace(before.text(), edited);
        LOG.info("Removed service '{}' from {}", id, file);
        return new Config(file, after.services(), after.sites());
    }

    /**
     * Appends a linked site to {@code sites:} (creating the list when there is none), with the same
     * guarantees as {@link #addService}.
     *
     * @throws ConfigException when the name is taken, the web service does not exist, ...; the file is then untouched
     */
    public synchronized Config addSite(LinkedSite site) throws IOException, ConfigException {
        return editSites("linking site '" + site.name() + "'", (editor, old) -> editor.append(SiteYaml.lines(site)),
                old -> append(old, site));
    }

    /** Appends a parked folder to {@code sites:}, as {@link #addSite}. */
    public synchronized Config addPark(ParkedDir park) throws IOException, ConfigException {
        return editSites("parking " + park.dir(), (editor, old) -> editor.append(SiteYaml.lines(park)),
                old -> append(old, park));
    }

    /** Rewrites the entry of the linked site of this name (secure, php...), keeping the comments above it. */
    public synchronized Config replaceSite(LinkedSite site) throws IOException, ConfigException {
        return editSites("changing site '" + site.name() + "'",
                (editor, old) -> editor.replace(indexOf(old, site.name()), SiteYaml.lines(site)),
                old -> {
                    List<Record> out = new ArrayList<>(old);
                    out.set(indexOf(old, site.name()), site);
                    return out;
                });
    }

    /** Deletes the entry of the linked site of this name (the folder itself is never touched). */
    public synchronized Config removeSite(String name) throws IOException, ConfigException {
        return editSites("unlinking site '" + name + "'", (editor, old) -> editor.remove(indexOf(old, name)),
                old -> {
                    List<Record> out = new ArrayList<>(old);
                    out.remove(indexOf(old, name));
                    return out;
                });
    }

    /** Deletes the entry that parks {@code dir}. */
    public synchronized Config removePark(Path dir) throws IOException, ConfigException {
        return editSites("unparking " + dir, (editor, old) -> editor.remove(indexOf(old, dir)),
                old -> {
                    List<Record> out = new ArrayList<>(old);
                    out.remove(indexOf(old, dir));
                    return out;
                });
    }

    /** A text edit of the {@code sites:} list. */
    private interface SiteEdit {
        String apply(ServiceListEditor editor, List<Record> entries) throws ConfigException;
    }

    /** A site entry that is not there; the message names it. */
    private static final class NoSuchSite extends RuntimeException {
        NoSuchSite(String message) {
            super(message);
        }
    }

    private Config editSites(String action, SiteEdit edit, java.util.function.UnaryOperator<List<Record>> expected)
            throws IOException, ConfigException {
        Current before = current();
        List<Record> old = before.result().siteEntries();
        String edited;
        List<Record> wanted;
        try {
            edited = edit.apply(new ServiceListEditor(file, before.result().document(), "sites"), old);
            wanted = expected.apply(old);
        } catch (NoSuchSite e) {
            throw new ConfigException(file, file + " was not changed:",
                    List.of(new ConfigProblem("sites", before.result().document().line("sites"), e.getMessage())));
        }
        ConfigReader.Result after = check(edited, action);
        requireIntended(after.siteEntries().equals(wanted) && after.services().equals(before.result().services()),
                action, after);
        replace(before.text(), edited);
        LOG.info("{} in {}", action, file);
        return new Config(file, after.services(), after.sites());
    }

    private static List<Record> append(List<Record> old, Record entry) {
        List<Record> out = new ArrayList<>(old);
        out.add(entry);
        return out;
    }

    private static int indexOf(List<Record> entries, String name) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i) instanceof LinkedSite l && l.name().equals(name)) {
                return i;
            }
        }
        throw new NoSuchSite("no linked site is named '" + name + "'");
    }

    private static int indexOf(List<Record> entries, Path dir) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i) instanceof ParkedDir p && p.dir().equals(dir)) {
                return i;
            }
        }
        throw new NoSuchSite(dir + " is not parked");
    }

    /** The file's text and what it means; valid, or a ConfigException. */
    private record Current(String text, ConfigReader.Result result) {
    }

    private Current current() throws IOException, ConfigException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            writeDefault();
        }
        String text = read();
        ConfigReader.Result result = reader.read(file, text);
        if (!result.valid()) {
            throw new ConfigException(file, result.problems());
        }
        return new Current(text, result);
    }

    private String read() throws IOException, ConfigException {
        try {
            return Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new ConfigException(file, List.of(new ConfigProblem("", 0, "is not UTF-8 text: " + e)));
        }
    }

    private ConfigReader.Result check(String edited, String action) throws ConfigException {
        ConfigReader.Result after = reader.read(file, edited);
        if (!after.valid()) {
            throw new ConfigException(file, file + " was not changed: " + action + " would make it invalid:",
                    after.problems());
        }
        return after;
    }

    private void requireIntended(boolean asIntended, String action, ConfigReader.Result after) throws ConfigException {
        if (!asIntended) {
            // The editor guarantees layout, not meaning; an unusual layout can defeat it. Refuse rather
            // than write a file that means something else.
            throw new ConfigException(file, file + " was not changed:", List.of(new ConfigProblem("services",
                    after.document().line("services"),
                    action + " as text would change other entries too; please make this edit by hand")));
        }
    }

    private void writeDefault() throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectories(dir, OWNER_ONLY_DIR);
            } else {
                Files.createDirectories(dir);
            }
        }
        writeAtomically(file.toAbsolutePath(), DefaultConfig.text(dataDir));
        LOG.info("Wrote the default config to {}", file);
    }

    /** Backs up the file and replaces it with {@code edited}, unless it no longer holds {@code expected}. */
    private void replace(String expected, String edited) throws IOException, ConfigException {
        Path target = file.toRealPath(); // a symlinked config (dotfiles) stays a symlink
        if (!Files.readString(target).equals(expected)) {
            throw new ConfigException(file, file + " was not changed:", List.of(new ConfigProblem("", 0,
                    "another program changed it while Stackyard was editing it; try again")));
        }
        // Whole too: a crash mid-backup must not leave a torn .bak beside an intact config.
        try {
            PrivateFiles.writeWhole(backupFile(), Files.readAllBytes(target), modeOf(target));
        } catch (IOException e) {
            throw naming(backupFile(), e);
        }
        try {
            writeAtomically(target, edited);
        } catch (IOException e) {
            throw naming(target, e);
        }
    }

    /** A failed write names no file ("No space left on device"): the message says which one. */
    private static IOException naming(Path file, IOException e) {
        if (e instanceof java.nio.file.FileSystemException) {
            return e;
        }
        IOException named = new java.nio.file.FileSystemException(file.toString(), null, e.getMessage());
        named.initCause(e);
        return named;
    }

    /**
     * {@link PrivateFiles#writeWhole}: the old or the new file, never a mix, whenever Stackyard is
     * killed; the file keeps its mode (0600 when new). {@code target} is the real path, so a user's
     * symlinked config stays a symlink (that link is the user's, not a planted one).
     */
    private static void writeAtomically(Path target, String text) throws IOException {
        PrivateFiles.writeWhole(target, text.getBytes(StandardCharsets.UTF_8), modeOf(target));
    }

    private static Set<PosixFilePermission> modeOf(Path file) throws IOException {
        return Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                ? Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS) : PrivateFiles.FILE;
    }
}
