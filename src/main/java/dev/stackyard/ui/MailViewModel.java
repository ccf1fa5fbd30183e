package dev.stackyard.ui;

import dev.stackyard.usecase.MailBoxes;
import dev.stackyard.usecase.MailClient;
import dev.stackyard.usecase.MailException;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The Mail tab: the caught messages of a mail service (newest first), the selected message's
 * headers, text and attachments, the unread count for the tab's title, and commands (delete,
 * delete all, open the HTML page, open or save an attachment) that run on the background executor.
 *
 * <p>What nobody sees costs nothing: the model reads only while the tab is shown
 * ({@link #setShown}); a change of the mail folder ({@link #mailChanged}) while it is not shown
 * reads nothing, and the list is read when the tab shows again.
 *
 * <p>Properties and lists change on the UI thread only; the background work runs one task at a
 * time, in order.
 */
public final class MailViewModel {
    /** How the tab shows times: "2026-12-07 12:04". */
    static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    /** Messages the tab lists (the newest). */
    static final int LIMIT = 500;

    private final MailBoxes mail;
    private final UiExecutor ui;
    private final Executor background;
    private final DesktopActions desktop;
    private final ErrorReporter errors;
    private final ObservableList<MailClient.Summary> rows = FXCollections.observableArrayList();
    private final ObservableList<MailClient.Attachment> attachments = FXCollections.observableArrayList();
    private final ObservableList<String> services = FXCollections.observableArrayList();
    // One read-only view of each, kept: a view listens to its list weakly, so a view made per call
    // (and its listeners) could be collected while the tab still shows.
    private final ObservableList<MailClient.Summary> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObservableList<MailClient.Attachment> attachmentsView = FXCollections.unmodifiableObservableList(attachments);
    private final ObservableList<String> servicesView = FXCollections.unmodifiableObservableList(services);
    private final javafx.beans.property.ReadOnlyObjectWrapper<MailClient.Summary> shownMessageProperty =
            new javafx.beans.property.ReadOnlyObjectWrapper<>(this, "shownMessage");
    private final ReadOnlyStringWrapper service = new ReadOnlyStringWrapper(this, "service");
    private final ReadOnlyStringWrapper headers = new ReadOnlyStringWrapper(this, "headers", "");
    private final ReadOnlyStringWrapper body = new ReadOnlyStringWrapper(this, "body", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "Mail");
    private final ReadOnlyIntegerWrapper unread = new ReadOnlyIntegerWrapper(this, "unread", 0);
    private final ReadOnlyBooleanWrapper hasHtml = new ReadOnlyBooleanWrapper(this, "hasHtml", false);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running", false);
    /** The message whose details show; UI thread. */
    private MailClient.Summary shownMessage;
    private boolean shown;
    /** Background work, one at a time. Guarded by itself. */
    private final Deque<Runnable> queue = new ArrayDeque<>();
    private boolean draining;
    private Path openFolder;

    public MailViewModel(MailBoxes mail, UiExecutor ui, Executor background, DesktopActions desktop, ErrorReporter errors) {
        this.mail = mail;
        this.ui = ui;
        this.background = background;
        this.desktop = desktop;
        this.errors = errors;
        unread.addListener((obs, old, n) -> title.set(n.intValue() > 0 ? "Mail (" + n + ")" : "Mail"));
    }

    /** The messages, newest first. */
    public ObservableList<MailClient.Summary> rows() {
        return rowsView;
    }

    /** The selected message's attachments. */
    public ObservableList<MailClient.Attachment> attachments() {
        return attachmentsView;
    }

    /** The mail services to choose from (the choice shows only when there are several). */
    public ObservableList<String> services() {
        return servicesView;
    }

    /** The mail service shown, or null when none is configured. */
    public ReadOnlyStringProperty serviceProperty() {
        return service.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty headersProperty() {
        return headers.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty bodyProperty() {
        return body.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** "Mail", or "Mail (3)" with 3 unread messages. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty unreadProperty() {
        return unread.getReadOnlyProperty();
    }

    /** Whether the selected message has an HTML part (Open HTML). */
    public ReadOnlyBooleanProperty hasHtmlProperty() {
        return hasHtml.getReadOnlyProperty();
    }

    /** Whether the mail service shown runs (Delete all). */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** The message whose details show, or null. */
    public MailClient.Summary shownMessage() {
        return shownMessage;
    }

    /** The message whose details show (Delete), or null. */
    public javafx.beans.property.ReadOnlyObjectProperty<MailClient.Summary> shownMessageProperty() {
        return shownMessageProperty.getReadOnlyProperty();
    }

    /**
     * Whether the tab shows (its tab selected, the window on screen). Becoming shown reads the
     * list (the service may have been started or stopped meanwhile); hidden, nothing is read.
     * UI thread.
     */
    public void setShown(boolean now) {
        boolean was = shown;
        shown = now;
        if (now && !was) {
            refresh();
        }
    }

    public boolean shown() {
        return shown;
    }

    /** The mail of a service changed (any thread): read again when shown, else nothing. */
    public void mailChanged(String serviceId) {
        ui.run(() -> {
            if (service.get() != null && !service.get().equals(serviceId)) {
                return;
            }
            if (shown) {
                refresh();
            }
        });
    }

    /** Shows another mail service's mail. UI thread. */
    public void chooseService(String id) {
        if (id != null && !id.equals(service.get())) {
            service.set(id);
            showDetails(null);
            refresh();
        }
    }

    /** Reads the mail services and the list again. UI thread. */
    public void refresh() {
        String wanted = service.get();
        submit(() -> {
            List<MailBoxes.Box> boxes = mail.all();
            MailBoxes.Box box = boxes.stream().filter(b -> b.serviceId().equals(wanted)).findFirst()
                    .orElse(boxes.isEmpty() ? null : boxes.getFirst());
            List<String> ids = boxes.stream().map(MailBoxes.Box::serviceId).toList();
            if (box == null) {
                ui.run(() -> publish(ids, null, false, List.of(), 0, "No mail service is configured: add one to "
                        + "stackyard.yaml (see the README's Mail section), and the mail it catches shows here."));
                return;
            }
            if (!box.running()) {
                ui.run(() -> publish(ids, box.serviceId(), false, List.of(), 0, box.serviceId()
                        + " is not running: start it on the Services tab to see its mail."));
                return;
            }
            try {
                MailClient.Page page = mail.client(box).list(0, LIMIT);
                String count = page.total() == 1 ? "1 message" : page.total() + " messages";
                ui.run(() -> publish(ids, box.serviceId(), true, page.messages(), page.unread(),
                        count + " in " + box.serviceId() + (page.total() > page.messages().size()
                                ? " (the newest " + page.messages().size() + " are listed)" : "")));
            } catch (IOException e) {
                ui.run(() -> publish(ids, box.serviceId(), true, List.of(), 0, e.getMessage()));
            }
        });
    }

    private void publish(List<String> ids, String id, boolean isRunning, List<MailClient.Summary> messages,
                         int unreadCount, String statusText) {
        services.setAll(ids);
        service.set(id);
        running.set(isRunning);
        rows.setAll(messages);
        unread.set(unreadCount);
        status.set(statusText);
        if (shownMessage != null && messages.stream().noneMatch(m -> m.id().equals(shownMessage.id()))) {
            showDetails(null);
        }
    }

    /**
     * Shows a message's details (which marks it read), or nothing for null. UI thread. Selecting
     * the message already shown reads nothing.
     */
    public void select(MailClient.Summary message) {
        if (message == null || shownMessage != null && shownMessage.id().equals(message.id())) {
            return;
        }
        showDetails(message);
        String id = service.get();
        submit(() -> {
            try {
                MailClient.Message m = client(id).message(message.id());
                ui.run(() -> {
                    if (shownMessage == null || !shownMessage.id().equals(message.id())) {
                        return; // another one was selected meanwhile
                    }
                    headers.set(headers(m));
                    body.set(!m.text().isBlank() ? m.text()
                            : m.html().isBlank() ? "(no text)" : "(no text part: Open HTML shows the message)");
                    attachments.setAll(m.attachments());
                    hasHtml.set(!m.html().isBlank());
                    markRead(message);
                });
            } catch (IOException e) {
                ui.run(() -> status.set(e.getMessage()));
            }
        });
    }

    private void showDetails(MailClient.Summary message) {
        shownMessage = message;
        shownMessageProperty.set(message);
        headers.set("");
        body.set("");
        attachments.clear();
        hasHtml.set(false);
    }

    private void markRead(MailClient.Summary message) {
        if (message.read()) {
            return;
        }
        for (int i = 0; i < rows.size(); i++) {
            MailClient.Summary r = rows.get(i);
            if (r.id().equals(message.id())) {
                MailClient.Summary read = new MailClient.Summary(r.id(), r.messageId(), true, r.from(), r.to(), r.cc(),
                        r.subject(), r.created(), r.size(), r.attachments(), r.snippet());
                shownMessage = read;
                shownMessageProperty.set(read);
                rows.set(i, read);
                unread.set(Math.max(0, unread.get() - 1));
                return;
            }
        }
    }

    static String headers(MailClient.Message m) {
        StringBuilder b = new StringBuilder("Subject: ").append(m.subject()).append("\nFrom: ").append(m.from().display());
        line(b, "To", m.to());
        line(b, "Cc", m.cc());
        line(b, "Bcc", m.bcc());
        line(b, "Reply-To", m.replyTo());
        if (m.date() != null) {
            b.append("\nDate: ").append(TIME.format(m.date().atZone(java.time.ZoneId.systemDefault())));
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String name, List<MailClient.Address> addresses) {
        if (!addresses.isEmpty()) {
            b.append('\n').append(name).append(": ").append(String.join(", ",
                    addresses.stream().map(MailClient.Address::display).toList()));
        }
    }

    /** Deletes the message shown. UI thread. */
    public void delete() {
        MailClient.Summary message = shownMessage;
        if (message == null) {
            return;
        }
        String id = service.get();
        showDetails(null);
        command("delete the message", () -> client(id).delete(List.of(message.id())));
    }

    /** Deletes every message of the mail service shown. UI thread. */
    public void deleteAll() {
        String id = service.get();
        if (id == null) {
            return;
        }
        showDetails(null);
        command("delete the mail of " + id, () -> client(id).deleteAll());
    }

    /** Opens the message shown on the mail service's own page, in the browser. UI thread. */
    public void openHtml() {
        MailClient.Summary message = shownMessage;
        String id = service.get();
        if (message != null) {
            submit(() -> {
                try {
                    String url = client(id).viewPage(message.id()).toString();
                    ui.run(() -> desktop.openInBrowser(url));
                } catch (IOException e) {
                    ui.run(() -> status.set(e.getMessage()));
                }
            });
        }
    }

    /** Saves an attachment of the message shown into a private temporary folder and opens it. UI thread. */
    public void open(MailClient.Attachment attachment) {
        writePart(attachment, () -> privateFolder().resolve(safeName(attachment)),
                file -> desktop.openInBrowser(file.toUri().toString()),
                "Could not open " + attachment.fileName(), "Save it instead, or try again.");
    }

    /** Writes an attachment of the message shown to {@code target} (chosen by the person). UI thread. */
    public void save(MailClient.Attachment attachment, Path target) {
        writePart(attachment, () -> target, file -> status.set("Saved " + attachment.fileName() + " to " + file),
                "Could not save " + attachment.fileName() + " to " + target, "Choose another folder, or try again.");
    }

    @FunctionalInterface
    private interface Target {
        Path file() throws IOException;
    }

    /** Fetches an attachment of the message shown into a file (background), then runs {@code done} with it (UI thread). */
    private void writePart(MailClient.Attachment attachment, Target target, java.util.function.Consumer<Path> done,
                           String failed, String advice) {
        MailClient.Summary message = shownMessage;
        String id = service.get();
        if (message == null) {
            return;
        }
        submit(() -> {
            try {
                byte[] bytes = client(id).part(message.id(), attachment.partId());
                Path file = target.file();
                Files.write(file, bytes);
                ui.run(() -> done.accept(file));
            } catch (IOException e) {
                errors.report(new UserError(failed + ": " + e.getMessage(), advice, "", e));
            }
        });
    }

    /** The file name an attachment is opened under: its own, without any folder part or leading dot. */
    static String safeName(MailClient.Attachment attachment) {
        String name = attachment.fileName().replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("^\\.+", "").replaceAll("[\\x00-\\x1f]", "");
        return name.isBlank() ? "attachment-" + attachment.partId().replaceAll("[^A-Za-z0-9.]", "_") : name;
    }

    private synchronized Path privateFolder() throws IOException {
        if (openFolder == null || !Files.isDirectory(openFolder)) {
            openFolder = Files.createTempDirectory("stackyard-mail-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            openFolder.toFile().deleteOnExit();
        }
        return openFolder;
    }

    private MailClient client(String serviceId) throws MailException {
        return mail.client(mail.pick(Objects.requireNonNull(serviceId, "no mail service")));
    }

    @FunctionalInterface
    private interface MailWork {
        void run() throws IOException;
    }

    /** A command that changes the mail; the list is read again afterwards. */
    private void command(String what, MailWork work) {
        submit(() -> {
            try {
                work.run();
            } catch (IOException e) {
                ui.run(() -> status.set("Could not " + what + ": " + e.getMessage()));
            }
        });
        refresh();
    }

    private void submit(Runnable task) {
        synchronized (queue) {
            queue.add(task);
            if (draining) {
                return;
            }
            draining = true;
        }
        background.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (queue) {
                next = queue.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                errors.report(UserError.unexpected("Reading the mail failed", e));
            }
        }
    }
}
