package dev.stackyard.app;

import dev.stackyard.testing.TestPorts;
import dev.stackyard.usecase.StackyardSession;
import dev.stackyard.cli.StackyardCli;
import dev.stackyard.config.AppDirs;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.testing.Daemons;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The composition roots hand the sites to the nginx they start: a site linked with the CLI is
 * served after {@code stackyard start web} (a fresh context, as a new CLI call is), and by an
 * nginx the window's session starts.
 */
class SitesWiringTest {
    @TempDir
    Path home;
    private AppDirs dirs;
    private int port;

    @BeforeEach
    void config() throws Exception {
        Daemons.require(ServiceKind.named("nginx"));
        Daemons.require(ServiceKind.named("php-fpm"));
        port = TestPorts.free();
        dirs = AppDirs.resolve(Map.of(AppDirs.HOME_VARIABLE, home.toString()));
        Files.writeString(home.resolve("stackyard.yaml"), """
                services:
                  - id: web
                    kind: nginx
                    port: %d
                    php: php
                  - id: php
                    kind: php-fpm
                """.formatted(port));
        Path app = Files.createDirectories(home.resolve("code/app/public"));
        Files.writeString(app.resolve("index.php"), "<?php echo 'app via ' . PHP_SAPI;\n");
    }

    private int cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (StackyardContext context = new StackyardContext(dirs)) {
            int code = StackyardCli.run(context, new PrintWriter(out), new PrintWriter(err), args);
            assertEquals(0, code, String.join(" ", args) + ": " + out + err);
            return code;
        }
    }

    @Test
    void aSiteLinkedWithTheCliIsServedByAnNginxTheNextCliCallStarts() throws Exception {
        try {
            cli("site", "link", home.resolve("code/app").toString());
            cli("start", "web");
            assertEquals("app via fpm-fcgi", get("app.localhost:" + port));
        } finally {
            cli("stop", "--all");
        }
    }

    @Test
    void theWindowsSessionStartsNginxWithTheSites() throws Exception {
        cli("site", "link", home.resolve("code/app").toString());
        try (StackyardSession session = new StackyardSession(dirs)) {
            session.reload();
            try {
                assertTrue(session.start(List.of("web")).values().stream().allMatch(o -> o.ok()));
                assertEquals("app via fpm-fcgi", get("app.localhost:" + port));
            } finally {
                session.stopAll();
            }
        }
    }

    private String get(String host) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.0\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            in.transferTo(answer);
            String text = answer.toString(StandardCharsets.UTF_8);
            return text.substring(text.indexOf("\r\n\r\n") + 4);
        }
    }
}
