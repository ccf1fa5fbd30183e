package dev.stackyard.ui;

import dev.stackyard.config.AppDirs;
import dev.stackyard.core.process.ProcessStats;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.service.probe.PortCheck;
import dev.stackyard.testing.Smtp;
import dev.stackyard.usecase.MailArrivals;
import dev.stackyard.usecase.MailBoxes;
import dev.stackyard.usecase.MailClient;
import dev.stackyard.usecase.StackyardSession;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Mail tab of the main window, headless, over a real mail service started through the engine
 * and mail sent to it with a plain SMTP client: what arrives shows with its decoded subject,
 * attachment mark and the unread count on the tab; a message shows its headers, text and
 * attachments (open, save, the HTML page); Delete and Delete all empty the list and the folder.
 * And the tab reads nothing while it is not shown.
 */
class MailTabTest {
    private static final byte[] PDF = "%PDF-1.4 not really a pdf, but bytes to compare\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path home;
    @TempDir
    Path saved;
    private final FxRobot robot = new FxRobot();
    private final WindowQueries ui = new WindowQueries(robot, this::context);
    private final Recorders.Desktop desktop = new Recorders.Desktop();
    private final Recorders.Errors errors = new Recorders.Errors();
    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private StackyardSession session;
    private final MailArrivals arrivals = new MailArrivals();
    private MailViewModel mail;
    private Stage stage;
    private int smtp;
    private int http;

    @BeforeEach
    void openTheWindowWithARunningMailService() throws Exception {
        // Below the ephemeral range (32768-): no outgoing connection takes it between the check and the bind.
        smtp = PortCheck.findFree(24_000 + (int) (ProcessHandle.current().pid() % 2000));
        http = PortCheck.findFree(smtp + 1);
        Files.writeString(home.resolve("stackyard.yaml"), "services:\n" + Smtp.service("mail", smtp, http),
                StandardCharsets.UTF_8);
        session = new StackyardSession(AppDirs.resolve(Map.of(AppDirs.HOME_VARIABLE, home.toString())));
        session.reload();
        ServiceRegistry.Outcome started = session.start(List.of("mail")).get("mail");
        assertTrue(started.ok(), () -> "mail did not start: " + started.error().getMessage() + " " + started.error().detail());

        ServicesViewModel services = new ServicesViewModel(session, UiExecutor.fx(), background, desktop, errors,
                PortProbe.system(), ProcessStats::sample, Clock.systemDefaultZone());
        mail = new MailViewModel(session.mail(), UiExecutor.fx(), background, desktop, errors);
        arrivals.subscribe((id, arrived) -> mail.mailChanged(id));
        arrivals.watch(session.mail().all());
        stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(s -> {
            s.setScene(MainWindow.scene(services, () -> { }, new SimpleBooleanProperty(false), session.configFile(), false,
                    MainWindow.DEFAULT_WIDTH, MainWindow.DEFAULT_HEIGHT, null, new MainWindow.MailTab(
                            MailController.load(mail, (owner, name) -> Optional.of(saved.resolve(name))), mail,
                            new SimpleBooleanProperty(true))));
            s.show();
        });
    }

    @AfterEach
    void closeAndStop() throws Exception {
        try {
            FxToolkit.cleanupStages();
        } finally {
            arrivals.close();
            background.shutdownNow();
            if (session != null) {
                session.stopAll();
                session.close();
            }
        }
    }

    private String context() {
        return "; rows=" + mail.rows() + "; status=" + mail.statusProperty().get() + "; errors=" + errors.reported;
    }

    private void showTab(String title) throws Exception {
        ui.fx(() -> {
            TabPane tabs = (TabPane) stage.getScene().lookup("#tabs");
            Tab tab = tabs.getTabs().stream().filter(t -> t.getText().startsWith(title)).findFirst().orElseThrow();
            tabs.getSelectionModel().select(tab);
            return null;
        });
    }

    private String tabTitle() throws Exception {
        return ui.fx(() -> ((TabPane) stage.getScene().lookup("#tabs")).getTabs().stream()
                .filter(t -> t.getText().startsWith("Mail")).findFirst().orElseThrow().getText());
    }

    @SuppressWarnings("unchecked")
    private List<MailClient.Summary> rows() {
        return List.copyOf(((TableView<MailClient.Summary>) robot.lookup("#mailTable").queryAs(TableView.class)).getItems());
    }

    private Path folder() {
        return session.mail().all().getFirst().mailbox().folder();
    }

    private long messagesOnDisk() throws Exception {
        try (Stream<Path> files = Files.list(folder())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".eml")).count();
        }
    }

    @Test
    void sentMailShowsWithItsSubjectAttachmentAndUnreadCountAndDeleteEmptiesTheFolder() throws Exception {
        showTab("Mail");
        Smtp.send(smtp, "shop@example.com", List.of("ann@example.com"), """
                From: Shop <shop@example.com>
                To: Ann <ann@example.com>
                Subject: Welcome, Ann
                MIME-Version: 1.0
                Content-Type: text/html; charset=UTF-8

                <p>Welcome to the <b>shop</b>.</p>
                """);
        Smtp.send(smtp, "billing@example.com", List.of("bob@example.com"), Smtp.withAttachment("billing@example.com",
                "bob@example.com", "Rechnung für März ✓", "Your invoice is attached.", "invoice.pdf", "application/pdf", PDF));

        ui.waitUntil("two messages listed, newest first, the subject decoded", () -> rows().size() == 2
                && rows().getFirst().subject().equals("Rechnung für März ✓"));
        assertEquals(1, rows().getFirst().attachments());
        assertEquals(0, rows().get(1).attachments());
        ui.waitUntil("the tab counts two unread", () -> tabTitle().equals("Mail (2)"));
        // The cells draw the rows on the next pulse.
        ui.waitUntil("one attachment mark and two unread marks drawn", () -> robot.lookup(".sy-attachment-mark").queryAll().size() == 1
                && robot.lookup(".sy-unread-dot").queryAll().size() == 2);

        // Selecting shows headers, the text part and the attachment, and reads it.
        robot.clickOn("Rechnung für März ✓");
        ui.waitUntil("the message's details", () -> robot.lookup("#mailHeaders").queryAs(TextArea.class).getText()
                .contains("Subject: Rechnung für März ✓"));
        String headers = ui.fx(() -> robot.lookup("#mailHeaders").queryAs(TextArea.class).getText());
        assertTrue(headers.contains("From: billing@example.com") && headers.contains("To: bob@example.com"), headers);
        assertTrue(ui.fx(() -> robot.lookup("#mailBody").queryAs(TextArea.class).getText()).contains("Your invoice is attached."));
        ui.waitUntil("read: one unread left", () -> tabTitle().equals("Mail (1)"));
        assertTrue(ui.fx(() -> ui.button("#mailOpenHtml").isDisabled()), "a text-only message has no HTML to open");

        robot.clickOn("#mail-save-0");
        Path file = saved.resolve("invoice.pdf");
        ui.waitUntil("the attachment saved", () -> Files.exists(file) && Files.size(file) == PDF.length);
        assertArrayEquals(PDF, Files.readAllBytes(file));
        robot.clickOn("#mail-open-0");
        ui.waitUntil("the attachment opened", () -> desktop.opened.size() == 1);
        Path opened = Path.of(URI.create(desktop.opened.getFirst()));
        assertArrayEquals(PDF, Files.readAllBytes(opened));
        assertEquals("invoice.pdf", opened.getFileName().toString());

        // The HTML message opens on the mail service's own page.
        robot.clickOn("Welcome, Ann");
        ui.waitUntil("Open HTML enabled", () -> !ui.button("#mailOpenHtml").isDisabled());
        robot.clickOn("#mailOpenHtml");
        ui.waitUntil("the page opened", () -> desktop.opened.size() == 2);
        String id = rows().get(1).id();
        assertEquals("http://127.0.0.1:" + http + "/view/" + id, desktop.opened.get(1));
        ui.waitUntil("nothing unread", () -> tabTitle().equals("Mail"));

        // Delete takes the selected message away, from the list and the folder; Delete all the rest.
        assertEquals(2, messagesOnDisk());
        robot.clickOn("#mailDelete");
        ui.waitUntil("one message left", () -> rows().size() == 1 && rows().getFirst().subject().equals("Rechnung für März ✓"));
        assertEquals(1, messagesOnDisk());
        robot.clickOn("#mailDeleteAll");
        ui.waitUntil("no message left", () -> rows().isEmpty());
        assertEquals(0, messagesOnDisk());
        assertEquals(List.of(), errors.reported);
    }

    @Test
    void theTabReadsNothingWhileItIsNotShown() throws Exception {
        MailBoxes boxes = session.mail();
        // The Services tab shows: new mail is noticed (the folder's event is handled) but not read.
        long before = boxes.requests();
        arrivedWhileNotShown();
        assertEquals(before, boxes.requests(), "the Mail tab read while another tab showed");
        assertEquals(List.of(), ui.fx(this::rows));

        showTab("Mail");
        ui.waitUntil("the message read once the tab shows", () -> rows().size() == 1);
        assertTrue(boxes.requests() > before);

        // Hidden (the window in the tray) with the Mail tab selected: nothing is read either.
        FxToolkit.setupFixture(() -> stage.hide());
        long hidden = boxes.requests();
        arrivedWhileNotShown();
        assertEquals(hidden, boxes.requests(), "the Mail tab read while the window was hidden");
        FxToolkit.setupFixture(() -> stage.show());
        ui.waitUntil("both listed once the window is back", () -> rows().size() == 2);
    }

    /** Sends a message and returns once the folder's change was handled by the tab's model and the background is idle. */
    private void arrivedWhileNotShown() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Runnable stop = arrivals.subscribe((id, arrived) -> {
            if (arrived) {
                seen.complete(id);
            }
        });
        try {
            Smtp.send(smtp, "app@example.com", List.of("dev@example.com"),
                    Smtp.plain("app@example.com", "dev@example.com", "Password reset", "Click the link."));
            assertEquals("mail", seen.get(30, TimeUnit.SECONDS));
        } finally {
            stop.run();
        }
        ui.fx(() -> null); // the model's mailChanged ran on the FX thread
        background.submit(() -> { }).get(30, TimeUnit.SECONDS); // and anything it queued has run
    }
}
