package dev.stackyard.core.service.kind.mail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackyard.core.process.ProcessInfo;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceManager;
import dev.stackyard.core.service.kind.WebKindsTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18: one real mail service, started through the process core as Stackyard starts it (its
 * own JVM), spoken to over SMTP from plain sockets and read back through its HTTP API. One service
 * for the class (a JVM start takes seconds here); each test starts from an empty mailbox.
 */
class MailServiceTest {
    static final int KEEP = 60;
    static final long LIMIT = 64 * 1024;

    @TempDir
    static Path tmp;
    static WebKindsTestSupport stack;
    static MailManager manager;
    static ProcessInfo process;
    static int smtpPort;
    static int httpPort;
    static MailApiClient api;

    @BeforeAll
    static void start() {
        stack = new WebKindsTestSupport(tmp.resolve("home"));
        smtpPort = WebKindsTestSupport.freePort();
        httpPort = WebKindsTestSupport.freePort();
        ServiceDefinition d = ServiceDefinition.builder("mail", ServiceKind.named("mail")).port(smtpPort)
                .mail(new ServiceDefinition.MailSettings(httpPort, KEEP, LIMIT)).build();
        manager = (MailManager) ServiceKind.named("mail").spec().manager(d, stack.env);
        process = start(stack, manager);
        api = new MailApiClient(httpPort);
    }

    static ProcessInfo start(WebKindsTestSupport stack, ServiceManager manager) {
        ServiceManager.Launch launch = manager.prepare(manager.installation().orElseThrow(), line -> { });
        return stack.processManager.start(launch.spec(), launch.readiness(), launch.readyTimeout());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @BeforeEach
    void emptyMailbox() throws IOException {
        api.deleteAll();
    }

    private static String plain(String subject, String body) {
        return "From: Sender <sender@example.com>\nTo: Reader <reader@example.com>\nSubject: " + subject
                + "\nMessage-ID: <" + subject.hashCode() + "@example.com>\n\n" + body + "\n";
    }

    private List<Path> files(String suffix) throws IOException {
        try (Stream<Path> s = Files.list(manager.dataDir())) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
        }
    }

    @Test
    void aMessageFromAPlainSmtpClientIsListedAndReadBack() throws IOException {
        try (SmtpDialogue smtp = new SmtpDialogue(smtpPort)) {
            SmtpDialogue.expect("220", smtp.greeting);
            String ehlo = smtp.command("EHLO client.local");
            assertTrue(ehlo.contains("8BITMIME") && ehlo.contains("SMTPUTF8") && ehlo.contains("AUTH"), ehlo);
            // Any login works: apps configured with a password keep sending.
            SmtpDialogue.expect("235", smtp.command("AUTH PLAIN " + Base64.getEncoder().encodeToString(
                    "\0anyone\0any-password".getBytes(StandardCharsets.UTF_8))));
            SmtpDialogue.expect("250", smtp.command("MAIL FROM:<app@example.com>"));
            SmtpDialogue.expect("250", smtp.command("RCPT TO:<reader@example.com>"));
            SmtpDialogue.expect("250", smtp.command("RCPT TO:<hidden@example.com>"));
            SmtpDialogue.expect("354", smtp.command("DATA"));
            SmtpDialogue.expect("250", smtp.data(plain("Welcome aboard", "Hello Reader,\n.leading dot kept\nBye")));
            SmtpDialogue.expect("221", smtp.command("QUIT"));
        }
        JsonNode list = api.messages();
        assertEquals(1, list.get("total").asInt());
        assertEquals(1, list.get("unread").asInt());
        JsonNode summary = list.get("messages").get(0);
        assertEquals("Welcome aboard", summary.get("Subject").asText());
        assertEquals("sender@example.com", summary.get("From").get("Address").asText());
        assertEquals("Sender", summary.get("From").get("Name").asText());
        assertEquals("reader@example.com", summary.get("To").get(0).get("Address").asText());
        assertFalse(summary.get("Read").asBoolean());
        assertTrue(summary.get("Snippet").asText().startsWith("Hello Reader"), summary.toString());

        JsonNode message = api.message(summary.get("ID").asText());
        assertEquals("Hello Reader,\r\n.leading dot kept\r\nBye", message.get("Text").asText().strip());
        assertEquals("hidden@example.com", message.get("Bcc").get(0).get("Address").asText(), "an envelope-only recipient is Bcc");
        assertEquals(0, api.messages().get("unread").asInt(), "reading a message marks it read, as Mailpit does");
        assertTrue(api.raw(summary.get("ID").asText()).contains("Subject: Welcome aboard\r\n"));
        assertEquals(1, files(".eml").size(), "one raw .eml per message");
    }

    @Test
    void aMultipartMessageWithAnAttachmentAndAnEncodedSubjectIsReadBack() throws IOException {
        byte[] pdf = new byte[3000];
        for (int i = 0; i < pdf.length; i++) {
            pdf[i] = (byte) i;
        }
        String subject = "Rechnung für Jürgen – 請求書";
        String message = "From: =?UTF-8?Q?J=C3=BCrgen?= <j@example.com>\n"
                + "To: a@example.com, b@example.com\nCc: c@example.com\n"
                + "Subject: =?UTF-8?B?" + Base64.getEncoder().encodeToString(subject.getBytes(StandardCharsets.UTF_8)) + "?=\n"
                + "Date: Mon, 07 Dec 2026 10:15:00 +0100\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/mixed; boundary=\"b1\"\n\n"
                + "--b1\nContent-Type: multipart/alternative; boundary=\"b2\"\n\n"
                + "--b2\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\nDie Rechnung =C3=BCber 10 =E2=82=AC\n"
                + "--b2\nContent-Type: text/html; charset=utf-8\n\n<p>Die <b>Rechnung</b></p>\n--b2--\n"
                + "--b1\nContent-Type: application/pdf\nContent-Disposition: attachment; filename*=UTF-8''R%C3%A9sum%C3%A9.pdf\n"
                + "Content-Transfer-Encoding: base64\n\n" + Base64.getMimeEncoder().encodeToString(pdf) + "\n--b1--\n";
        try (SmtpDialogue smtp = new SmtpDialogue(smtpPort)) {
            SmtpDialogue.expect("250", smtp.send("j@example.com", "a@example.com", message));
        }
        JsonNode summary = api.messages().get("messages").get(0);
        assertEquals(subject, summary.get("Subject").asText());
        assertEquals(1, summary.get("Attachments").asInt());
        JsonNode full = api.message(summary.get("ID").asText());
        assertEquals("Jürgen", full.get("From").get("Name").asText());
        assertEquals(2, full.get("To").size());
        assertEquals("c@example.com", full.get("Cc").get(0).get("Address").asText());
        assertEquals("Die Rechnung über 10 €", full.get("Text").asText());
        assertTrue(full.get("HTML").asText().contains("<b>Rechnung</b>"));
        assertEquals("2026-12-07T09:15:00Z", full.get("Date").asText());
        JsonNode attachment = full.get("Attachments").get(0);
        assertEquals("Résumé.pdf", attachment.get("FileName").asText());
        assertEquals("application/pdf", attachment.get("ContentType").asText());
        assertEquals(3000, attachment.get("Size").asInt());
        byte[] part = api.request("GET", "/api/v1/message/" + summary.get("ID").asText() + "/part/"
                + attachment.get("PartID").asText(), null).body();
        assertTrue(java.util.Arrays.equals(pdf, part), "the attachment's bytes come back decoded");
        assertEquals(1, api.search("subject:Rechnung").get("messages_count").asInt());
        assertEquals(1, api.search("to:c@example.com").get("messages_count").asInt());
        assertEquals(0, api.search("from:nobody-else").get("messages_count").asInt());
    }

    @Test
    void aMessageOverTheLimitGets552AndTheServerTakesTheNextOne() throws IOException {
        try (SmtpDialogue smtp = new SmtpDialogue(smtpPort)) {
            String tooBig = plain("Too big", "x".repeat(100).concat("\n").repeat((int) (LIMIT / 100) + 50));
            String reply = smtp.send("a@example.com", "b@example.com", tooBig);
            assertTrue(reply.startsWith("552"), reply);
            SmtpDialogue.expect("250", smtp.command("RSET"));
            SmtpDialogue.expect("250", smtp.command("MAIL FROM:<a@example.com>"));
            SmtpDialogue.expect("250", smtp.command("RCPT TO:<b@example.com>"));
            SmtpDialogue.expect("354", smtp.command("DATA"));
            SmtpDialogue.expect("250", smtp.data(plain("Small enough", "ok")));
        }
        try (SmtpDialogue again = new SmtpDialogue(smtpPort)) {
            String reply = again.command("EHLO x");
            assertTrue(reply.contains("SIZE " + LIMIT), reply);
            // Declared too big up front: refused before DATA with the same code.
            assertTrue(again.command("MAIL FROM:<a@example.com> SIZE=" + (LIMIT + 1)).startsWith("552"));
        }
        JsonNode list = api.messages();
        assertEquals(1, list.get("total").asInt());
        assertEquals("Small enough", list.get("messages").get(0).get("Subject").asText());
    }

    @Test
    void aMalformedMimeMessageIsStoredAsReceivedAndShownRaw() throws IOException {
        String broken = "From: a@example.com\nTo: b@example.com\nSubject: Broken\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/mixed; boundary=\"never-used\"\n\nno boundary here at all\n\u00ff\u00fe garbage";
        try (SmtpDialogue smtp = new SmtpDialogue(smtpPort)) {
            SmtpDialogue.expect("250", smtp.send("a@example.com", "b@example.com", broken));
        }
        String id = api.messages().get("messages").get(0).get("ID").asText();
        JsonNode message = api.message(id);
        assertEquals("Broken", message.get("Subject").asText());
        assertTrue(message.get("Text").asText().contains("no boundary here at all"), message.toString());
        assertTrue(api.raw(id).contains("no boundary here at all\r\n\u00ff\u00fe garbage"), "kept byte for byte as received");
    }

    @Test
    void aClientDroppingTheConnectionInDataLeavesNothingAndTheServerGoesOn() throws Exception {
        try (SmtpDialogue smtp = new SmtpDialogue(smtpPort)) {
            SmtpDialogue.expect("250", smtp.send("a@example.com", "b@example.com", plain("Before", "kept")));
        }
        SmtpDialogue dropping = new SmtpDialogue(smtpPort);
        SmtpDialogue.expect("250", dropping.command("EHLO x"));
        SmtpDialogue.expect("250", dropping.command("MAIL FROM:<a@example.com>"));
        SmtpDialogue.expect("250", dropping.command("RCPT TO:<b@example.com>"));
        SmtpDialogue.expect("354", dropping.command("DATA"));
        dropping.write("Subject: Half\r\n\r\n" + "half a message\r\n".repeat(2000));
        dropping.close();
        try (SmtpDialogue smtp = new SmtpDialogue(smtpPort)) {
            SmtpDialogue.expect("250", smtp.send("a@example.com", "b@example.com", plain("After", "kept too")));
        }
        // The dropped session's handler has finished once its temp file is gone.
        WebKindsTestSupport.await(() -> {
            try (Stream<Path> s = Files.list(manager.dataDir())) {
                return s.noneMatch(p -> p.getFileName().toString().startsWith(".tmp-"));
            } catch (IOException e) {
                return false;
            }
        }, java.time.Duration.ofSeconds(20), () -> "a partial file stayed in " + manager.dataDir());
        Set<String> subjects = new TreeSet<>();
        api.messages().get("messages").forEach(m -> subjects.add(m.get("Subject").asText()));
        assertEquals(Set.of("After", "Before"), subjects);
        assertEquals(2, files(".eml").size());
    }

    @Test
    void fiftyClientsAtOnceAreAllAccepted() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<String>> replies = new ArrayList<>();
            java.util.concurrent.CountDownLatch together = new java.util.concurrent.CountDownLatch(50);
            for (int i = 0; i < 50; i++) {
                int n = i;
                replies.add(pool.submit(() -> {
                    try (SmtpDialogue smtp = new SmtpDialogue(smtpPort)) {
                        together.countDown();
                        together.await();
                        return smtp.send("c" + n + "@example.com", "r@example.com", plain("Client " + n, "body " + n));
                    }
                }));
            }
            for (Future<String> reply : replies) {
                SmtpDialogue.expect("250", reply.get());
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode list = api.messages();
        assertEquals(50, list.get("total").asInt());
        Set<String> subjects = new TreeSet<>();
        list.get("messages").forEach(m -> subjects.add(m.get("Subject").asText()));
        assertEquals(50, subjects.size());
    }

    @Test
    void keepHoldsExactlyTheNewestMessagesOnDiskAndInTheApi() throws IOException {
        try (SmtpDialogue smtp = new SmtpDialogue(smtpPort)) {
            SmtpDialogue.expect("250", smtp.command("EHLO x"));
            for (int i = 0; i < KEEP + 100; i++) {
                SmtpDialogue.expect("250", smtp.command("MAIL FROM:<a@example.com>"));
                SmtpDialogue.expect("250", smtp.command("RCPT TO:<b@example.com>"));
                SmtpDialogue.expect("354", smtp.command("DATA"));
                SmtpDialogue.expect("250", smtp.data(plain("Number " + i, "n")));
            }
        }
        JsonNode list = api.messages();
        assertEquals(KEEP, list.get("total").asInt());
        assertEquals("Number " + (KEEP + 99), list.get("messages").get(0).get("Subject").asText(), "newest first");
        assertEquals("Number 100", list.get("messages").get(KEEP - 1).get("Subject").asText(), "the oldest kept");
        assertEquals(KEEP, files(".eml").size());
        assertEquals(KEEP, files(".json").size());
        JsonNode page = api.json("/api/v1/messages?start=10&limit=5");
        assertEquals(5, page.get("count").asInt());
        assertEquals(KEEP, page.get("messages_count").asInt());
        assertEquals("Number " + (KEEP + 89), page.get("messages").get(0).get("Subject").asText());
    }

    @Test
    void deletingSomeByIdLeavesTheOthers() throws IOException {
        try (SmtpDialogue smtp = new SmtpDialogue(smtpPort)) {
            SmtpDialogue.expect("250", smtp.send("a@example.com", "b@example.com", plain("One", "1")));
        }
        try (SmtpDialogue smtp = new SmtpDialogue(smtpPort)) {
            SmtpDialogue.expect("250", smtp.send("a@example.com", "b@example.com", plain("Two", "2")));
        }
        String newest = api.messages().get("messages").get(0).get("ID").asText();
        assertEquals(200, api.request("DELETE", "/api/v1/messages", "{\"IDs\":[\"" + newest + "\"]}").statusCode());
        JsonNode list = api.messages();
        assertEquals(1, list.get("total").asInt());
        assertEquals("One", list.get("messages").get(0).get("Subject").asText());
        assertEquals(404, api.request("GET", "/api/v1/message/" + newest, null).statusCode());
    }

    @Test
    void thePageEscapesWhatAMessageSays() throws IOException {
        try (SmtpDialogue smtp = new SmtpDialogue(smtpPort)) {
            SmtpDialogue.expect("250", smtp.send("a@example.com", "b@example.com",
                    plain("<script>alert(1)</script>", "<img src=x onerror=alert(2)>")));
        }
        String id = api.messages().get("messages").get(0).get("ID").asText();
        String list = new String(api.request("GET", "/", null).body(), StandardCharsets.UTF_8);
        String view = new String(api.request("GET", "/view/" + id, null).body(), StandardCharsets.UTF_8);
        assertTrue(list.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !list.contains("<script>"), list);
        assertTrue(view.contains("&lt;img src=x onerror=alert(2)&gt;") && !view.contains("<img"), view);
    }

    @Test
    void aPageAskedForUnderAnotherHostNameIsRefused() throws IOException {
        // A web page whose name a DNS rebinding points at 127.0.0.1 sends its own name as Host.
        assertEquals(403, WebKindsTestSupport.get(httpPort, "evil.example:" + httpPort, "/api/v1/messages").status());
        assertEquals(200, WebKindsTestSupport.get(httpPort, "localhost:" + httpPort, "/api/v1/messages").status());
    }

    @Test
    void bothSocketsListenOn127001Only() throws IOException {
        List<String> listening = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table)).subList(1, Files.readAllLines(Path.of(table)).size())) {
                String[] f = line.trim().split("\\s+");
                int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                if (f[3].equals("0A") && (port == smtpPort || port == httpPort)) {
                    listening.add(f[1].substring(0, f[1].indexOf(':')));
                }
            }
        }
        assertEquals(2, listening.size(), "one listening socket per port: " + listening);
        for (String address : listening) {
            assertTrue(address.equals("0100007F") || address.equals("0000000000000000FFFF00000100007F"),
                    "listening on " + address + ", not 127.0.0.1");
        }
    }
}
