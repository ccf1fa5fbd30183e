package dev.stackyard.ui;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The log pane: a live, bounded tail of one service's log.
 *
 * <p>{@link #show} and {@link #clear} are called on the UI thread; {@link #poll()} is called by a
 * scheduler on one background thread, reads what was appended, and hands it to the UI thread in
 * one batch. Lines beyond {@link #MAX_LINES} drop off the top.
 */
public final class LogViewModel {
    public static final int MAX_LINES = 5000;

    private final UiExecutor ui;
    private final ObservableList<String> lines = FXCollections.observableArrayList();
    private final ObservableList<String> linesView = FXCollections.unmodifiableObservableList(lines);
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "Log");
    private final ReadOnlyStringWrapper file = new ReadOnlyStringWrapper(this, "file", "");
    private final BooleanProperty follow = new SimpleBooleanProperty(this, "follow", true);
    private final AtomicLong generation = new AtomicLong();

    /** What the pane should show; written on the UI thread, read by the poller. */
    private volatile Target wanted;
    /** What the pane shows: UI thread only. */
    private Target shown;
    /** What the poller reads: poller thread only. */
    private Target reading;
    private LogTailer tailer;

    /** One request to show a log; a new one for each selection, even of the same service. */
    private record Target(long generation, String id, Path file) {
    }

    LogViewModel(UiExecutor ui) {
        this.ui = ui;
    }

    /** The lines shown, oldest first. */
    public ObservableList<String> lines() {
        return linesView;
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** The log file's path, for the person who wants to open it elsewhere. */
    public ReadOnlyStringProperty fileProperty() {
        return file.getReadOnlyProperty();
    }

    /** Whether the view keeps the newest line in sight; the view's toggle binds to it. */
    public BooleanProperty followProperty() {
        return follow;
    }

    /** Shows the log of service {@code id}. UI thread. */
    public void show(String id, Path logFile) {
        Target t = new Target(generation.incrementAndGet(), id, logFile);
        shown = t;
        wanted = t;
        lines.clear();
        title.set("Log of " + id);
        file.set(logFile.toString());
    }

    /** Shows nothing. UI thread. */
    public void clear() {
        shown = null;
        wanted = null;
        lines.clear();
        title.set("Log");
        file.set("");
    }

    /** Background: reads what was appended to the wanted log and hands it over. */
    public void poll() {
        Target t = wanted;
        if (t == null) {
            reading = null;
            tailer = null;
            return;
        }
        boolean fresh = t != reading;
        if (fresh) {
            reading = t;
            tailer = new LogTailer(t.file());
        }
        LogTailer.Chunk chunk = tailer.read();
        if (!fresh && !chunk.reset() && chunk.lines().isEmpty()) {
            return;
        }
        boolean replace = fresh || chunk.reset();
        List<String> batch = chunk.lines().size() > MAX_LINES
                ? List.copyOf(chunk.lines().subList(chunk.lines().size() - MAX_LINES, chunk.lines().size()))
                : chunk.lines();
        ui.run(() -> {
            if (t != shown) {
                return; // the selection moved on meanwhile
            }
            if (replace) {
                lines.setAll(batch);
            } else {
                lines.addAll(batch);
            }
            if (lines.size() > MAX_LINES) {
                lines.remove(0, lines.size() - MAX_LINES);
            }
        });
    }
}
