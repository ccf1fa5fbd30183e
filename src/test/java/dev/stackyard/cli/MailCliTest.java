package dev.stackyard.cli;

import dev.stackyard.app.StackyardContext;
import dev.stackyard.config.AppDirs;
import dev.stackyard.core.service.kind.WebKindsTestSupport;
import dev.stackyard.usecase.MailDelivery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code stackyard sendmail} without a mail service to hand the message to (one clear line, exit 1,
 * so PHP's mail() returns false), and {@code remove --delete-data} of a mail service that caught a
 * message: in-process CLI, the mail server a real process.
 */
class MailCliTest {
    @TempDir
    Path home;
    private boolean started;

    record Run(int code, String out, String err) {
    }

    private Run cli(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        InputStream before = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try (StackyardContext context = new StackyardContext(new AppDirs(home.resolve("stackyard.yaml"),
                home.resolve("data"), home.resolve("run"), home.resolve("logs")))) {
            int code = StackyardCli.run(context, new PrintWriter(out), new PrintWriter(err), args);
            return new Run(code, out.toString(), err.toString());
        } finally {
            System.setIn(before);
        }
    }

    @AfterEach
    void stop() {
        if (started) {
            cli("", "stop", "--all");
        }
    }

    private static final String MESSAGE = "From: app@example.com\nTo: reader@example.com\nSubject: Hi\n\nHello\n";

    @Test
    void withNoMailServiceConfiguredSendmailSaysSoAndFails() throws Exception {
        Files.writeString(home.resolve("stackyard.yaml"), "services: []\n");
        Run r = cli(MESSAGE, "sendmail", "-t", "-i");
        assertEquals(1, r.code());
        assertEquals("stackyard sendmail: no mail service is configured; add one with: stackyard add mail mail",
                r.err().strip());
        // What php-fpm's config says when Stackyard had no mail service at render time.
        Run rendered = cli(MESSAGE, "sendmail", "-t", "--no-mail-service");
        assertEquals(1, rendered.code());
        assertTrue(rendered.err().strip().startsWith("stackyard sendmail: no mail service is configured"), rendered.err());
        // Other sendmail options a framework passes are ignored, not a usage error.
        Run other = cli(MESSAGE, "sendmail", "-t", "-odb", "-oem", "-i");
        assertEquals(1, other.code(), other.err());
        assertEquals("stackyard sendmail: no mail service is configured; add one with: stackyard add mail mail",
                other.err().strip());
    }

    @Test
    void withTheMailServiceStoppedSendmailNamesItsPortAndFails() throws Exception {
        int port = WebKindsTestSupport.freePort();
        Files.writeString(home.resolve("stackyard.yaml"), """
                services:
                  - id: mailbox
                    kind: mail
                    port: %d
                """.formatted(port));
        Run r = cli(MESSAGE, "sendmail", "-t");
        assertEquals(1, r.code());
        assertEquals("stackyard sendmail: no mail service answers on 127.0.0.1:" + port
                + "; start it (stackyard start ID, or the window's Start)", r.err().strip());
        assertEquals(1, r.err().strip().lines().count(), "one line, no stack trace");
    }

    @Test
    void removeWithDeleteDataDeletesTheCaughtMessages() throws Exception {
        int port = WebKindsTestSupport.freePort();
        int page = WebKindsTestSupport.freePort();
        Files.writeString(home.resolve("stackyard.yaml"), """
                services:
                  - id: mailbox
                    kind: mail
                    port: %d
                    httpPort: %d
                """.formatted(port, page));
        Run start = cli("", "start", "mailbox");
        started = true;
        assertEquals(0, start.code(), start.err());
        MailDelivery.deliver(MESSAGE.getBytes(StandardCharsets.UTF_8), port, true, List.of(), null);
        Path messages = home.resolve("data/mail/mailbox");
        try (Stream<Path> files = Files.list(messages)) {
            assertEquals(1, files.filter(p -> p.toString().endsWith(".eml")).count());
        }
        Run remove = cli("", "remove", "--delete-data", "mailbox");
        assertEquals(0, remove.code(), remove.err());
        assertTrue(remove.out().startsWith("removed mailbox"), remove.out());
        assertFalse(Files.exists(messages), "the messages folder is gone");
        assertFalse(Files.readString(home.resolve("stackyard.yaml")).contains("mailbox"));
    }
}
