package dev.stackyard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.kind.WebKindsTestSupport;
import dev.stackyard.testing.Daemons;
import dev.stackyard.testing.Passable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18: a PHP script calling mail() through the real nginx and php-fpm lands in the mail
 * service, read back through its API; with the mail service stopped, mail() returns false. Runs the
 * checkout's launcher ({@code packaging/stackyard}, after {@code package}), which php-fpm's
 * sendmail_path names; as root the pool runs it as www-data.
 */
@Timeout(600)
class MailPhpIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path tmp;
    private Path home;

    private CliProcess.Run stackyard(String... args) throws IOException, InterruptedException {
        Path launcher = Path.of(System.getProperty("stackyard.projectDir", "."), "packaging", "stackyard");
        List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("STACKYARD_HOME", home.toString());
        return CliProcess.finish(pb, args);
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (home != null) {
            stackyard("stop", "--all");
        }
    }

    private static String get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r.body();
    }

    @Test
    void phpMailLandsInTheMailServiceAndFailsVisiblyWithoutIt() throws Exception {
        Daemons.require(ServiceKind.named("nginx"));
        Daemons.require(ServiceKind.named("php-fpm"));
        home = Files.createDirectories(tmp.resolve("home"));
        // Beside the home, not in it: every CLI call makes STACKYARD_HOME 0700 again (AppDirs).
        Path www = Files.createDirectories(tmp.resolve("www"));
        Passable.upTo(www);
        Files.setPosixFilePermissions(www, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(www.resolve("send.php"), """
                <?php
                $ok = mail('reader@example.com', 'Grüße from PHP', "Hello from mail()\\n", "From: App <app@example.com>");
                echo $ok ? "sent:1" : "sent:0";
                """);
        Files.setPosixFilePermissions(www.resolve("send.php"), PosixFilePermissions.fromString("rw-r--r--"));
        int webPort = WebKindsTestSupport.freePort();
        int smtp = WebKindsTestSupport.freePort();
        int page = WebKindsTestSupport.freePort();
        Files.writeString(home.resolve("stackyard.yaml"), """
                services:
                  - id: web
                    kind: nginx
                    port: %d
                    root: %s
                    php: php
                  - id: php
                    kind: php-fpm
                  - id: mail
                    kind: mail
                    port: %d
                    httpPort: %d
                """.formatted(webPort, www, smtp, page));

        // Mail configured but not running: mail() returns false and the reason is in php-fpm's log.
        CliProcess.Run web = stackyard("start", "web");
        assertEquals(0, web.code(), web.out() + web.err());
        assertEquals("sent:0", get(webPort, "/send.php"), "with no mail service, PHP's mail() sees the failure");
        String phpLog = Files.readString(home.resolve("logs/php.log"));
        assertTrue(phpLog.contains("no mail service answers on 127.0.0.1:" + smtp), phpLog);

        // One call for all three: every CLI call makes STACKYARD_HOME's folders 0700 again (AppDirs),
        // which as root shuts nginx's workers out of a php-fpm socket an earlier call opened for them.
        CliProcess.Run start = stackyard("restart", "mail", "php", "web");
        assertEquals(0, start.code(), start.out() + start.err());
        assertEquals("sent:1", get(webPort, "/send.php"));
        JsonNode list = JSON.readTree(get(page, "/api/v1/messages"));
        assertEquals(1, list.get("total").asInt(), list.toString());
        JsonNode m = list.get("messages").get(0);
        assertEquals("Grüße from PHP", m.get("Subject").asText());
        assertEquals("reader@example.com", m.get("To").get(0).get("Address").asText());
        assertEquals("app@example.com", m.get("From").get("Address").asText());
        assertTrue(JSON.readTree(get(page, "/api/v1/message/" + m.get("ID").asText())).get("Text").asText()
                .startsWith("Hello from mail()"));
    }
}
