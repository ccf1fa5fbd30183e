package dev.stackyard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stackyard.app.StackyardContext;
import dev.stackyard.config.AppDirs;
import dev.stackyard.core.service.probe.PortCheck;
import dev.stackyard.testing.Smtp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code stackyard mail list|show|clear} in-process against a real mail service (started by
 * {@code stackyard start}), with mail sent by a plain SMTP client; and the errors when there is no
 * mail service, it is not running, several need {@code --service}, or message N is not there.
 */
class MailCommandsTest {
    @TempDir
    Path home;
    private boolean started;

    record Run(int code, String out, String err) {
    }

    private Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (StackyardContext context = new StackyardContext(new AppDirs(home.resolve("stackyard.yaml"),
                home.resolve("data"), home.resolve("run"), home.resolve("logs")))) {
            int code = StackyardCli.run(context, new PrintWriter(out), new PrintWriter(err), args);
            return new Run(code, out.toString(), err.toString());
        }
    }

    @AfterEach
    void stopWhatRuns() {
        if (started) {
            Run stop = cli("stop", "--all");
            assertEquals(0, stop.code(), stop.err());
        }
    }

    @Test
    void withoutAMailServiceEveryCommandSaysSoAndFails() throws Exception {
        Files.writeString(home.resolve("stackyard.yaml"), """
                services:
                  - id: worker
                    kind: process
                    command: ["sleep", "1000"]
                """, StandardCharsets.UTF_8);
        for (String[] args : List.of(new String[] {"mail", "list"}, new String[] {"mail", "show", "1"},
                new String[] {"mail", "clear"})) {
            Run run = cli(args);
            assertEquals(1, run.code(), String.join(" ", args) + ": " + run.out());
            assertTrue(run.err().startsWith("stackyard: no mail service is configured"), run.err());
            assertFalse(run.err().contains("Exception"), run.err());
        }
    }

    @Test
    void listShowAndClearTheCaughtMail() throws Exception {
        // Below the ephemeral range (32768-): no outgoing connection takes it between the check and the bind.
        int smtp = PortCheck.findFree(28_000 + (int) (ProcessHandle.current().pid() % 2000));
        int http = PortCheck.findFree(smtp + 1);
        Files.writeString(home.resolve("stackyard.yaml"), "services:\n" + Smtp.service("mail", smtp, http)
                + Smtp.service("spare-mail", PortCheck.findFree(http + 1), PortCheck.findFree(http + 2)) + """
                  - id: worker
                    kind: process
                    command: ["sleep", "1000"]
                """, StandardCharsets.UTF_8);

        // Two mail services: which one is a usage error; a stopped one says how to start it.
        Run which = cli("mail", "list");
        assertEquals(2, which.code(), which.err());
        assertTrue(which.err().contains("there are 2 mail services (mail, spare-mail): choose one with --service ID"), which.err());
        Run notMail = cli("mail", "list", "--service", "worker");
        assertEquals(2, notMail.code(), notMail.err());
        assertTrue(notMail.err().contains("'worker' is not a mail service; mail services: mail, spare-mail"), notMail.err());
        Run stopped = cli("mail", "list", "--service", "mail");
        assertEquals(1, stopped.code(), stopped.err());
        assertTrue(stopped.err().contains("the mail service mail is not running (stopped): start it with: stackyard start mail"),
                stopped.err());

        started = true;
        Run start = cli("start", "mail");
        assertEquals(0, start.code(), start.err());
        Smtp.send(smtp, "shop@example.com", List.of("ann@example.com"),
                Smtp.plain("Shop <shop@example.com>", "Ann <ann@example.com>", "Welcome, Ann", "Glad you are here."));
        Smtp.send(smtp, "billing@example.com", List.of("bob@example.com"), Smtp.withAttachment("billing@example.com",
                "bob@example.com", "Rechnung für März ✓", "Your invoice is attached.", "invoice.pdf", "application/pdf",
                "%PDF-1.4 bytes".getBytes(StandardCharsets.US_ASCII)));

        Run json = cli("mail", "list", "--json", "--service", "mail");
        assertEquals(0, json.code(), json.err());
        JsonNode list = new ObjectMapper().readTree(json.out());
        assertEquals(2, list.size(), json.out());
        assertEquals(1, list.get(0).get("number").asInt());
        assertEquals("Rechnung für März ✓", list.get(0).get("subject").asText());
        assertEquals(1, list.get(0).get("attachments").asInt());
        assertTrue(list.get(0).get("unread").asBoolean());
        assertEquals("bob@example.com", list.get(0).get("to").get(0).get("address").asText());
        assertEquals("Welcome, Ann", list.get(1).get("subject").asText());
        assertEquals("Shop", list.get(1).get("from").get("name").asText());

        Run text = cli("mail", "list", "--service", "mail");
        assertEquals(0, text.code(), text.err());
        List<String> lines = text.out().lines().toList();
        assertEquals(3, lines.size(), text.out());
        assertTrue(lines.get(0).matches("\\s*N\\s+TIME\\s+FROM\\s+TO\\s+ATT\\s+SUBJECT"), lines.get(0));
        assertTrue(lines.get(1).matches("\\s*1\\*\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\s+billing@example.com\\s+bob@example.com\\s+1\\s+"
                + "Rechnung für März ✓"), lines.get(1));
        assertTrue(lines.get(2).matches("\\s*2\\*\\s+.*shop@example.com\\s+ann@example.com\\s+Welcome, Ann"), lines.get(2));

        Run show = cli("mail", "show", "1", "--service", "mail");
        assertEquals(0, show.code(), show.err());
        assertTrue(show.out().contains("From: billing@example.com\nTo: bob@example.com\n"), show.out());
        assertTrue(show.out().contains("Subject: Rechnung für März ✓\n"), show.out());
        assertTrue(show.out().contains("Attachment: invoice.pdf (application/pdf, "), show.out());
        assertTrue(show.out().contains("\n\nYour invoice is attached.\n"), show.out());
        Run read = cli("mail", "list", "--json", "--service", "mail");
        assertFalse(new ObjectMapper().readTree(read.out()).get(0).get("unread").asBoolean(), "show did not mark it read");

        Run raw = cli("mail", "show", "2", "--raw", "--service", "mail");
        assertEquals(0, raw.code(), raw.err());
        assertTrue(raw.out().contains("Subject: Welcome, Ann") && raw.out().contains("Glad you are here."), raw.out());

        Run missing = cli("mail", "show", "3", "--service", "mail");
        assertEquals(1, missing.code(), missing.out());
        assertTrue(missing.err().contains("there is no message 3 in mail: it holds 2 messages"), missing.err());
        Run zero = cli("mail", "show", "0", "--service", "mail");
        assertEquals(2, zero.code(), zero.out());

        Run clear = cli("mail", "clear", "--service", "mail");
        assertEquals(0, clear.code(), clear.err());
        assertEquals("deleted 2 messages from mail\n", clear.out());
        Run empty = cli("mail", "list", "--service", "mail");
        assertEquals("No mail in mail.\n", empty.out());
    }
}
