package dev.stackyard.core.service.probe;

import dev.stackyard.testing.Daemons;
import dev.stackyard.core.service.ServiceKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import dev.stackyard.testing.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Against a real nginx from a temp prefix, listening on 127.0.0.1 only. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class RealNginxTest {

    private String nginxBinary;
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

        private Path prefix;

    private int port;
    private Daemon nginx;

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        prefix = tempDir;
        nginxBinary = Daemons.binary(ServiceKind.named("nginx")).toString();
        port = TestPorts.free();
        Files.createDirectories(prefix.resolve("conf"));
        Files.createDirectories(prefix.resolve("logs"));
        Files.createDirectories(prefix.resolve("tmp"));
        Files.writeString(prefix.resolve("conf/nginx.conf"), """
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log stderr notice;
                events { worker_connections 64; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/tmp/body;
                    proxy_temp_path %1$s/tmp/proxy;
                    fastcgi_temp_path %1$s/tmp/fastcgi;
                    uwsgi_temp_path %1$s/tmp/uwsgi;
                    scgi_temp_path %1$s/tmp/scgi;
                    server {
                        listen 127.0.0.1:%2$d;
                        location = /stackyard-ready { return 200 "ok"; }
                        location / { return 404; }
                    }
                }
                """.formatted(prefix, port));
        nginx = Daemon.start("nginx", prefix, List.of(nginxBinary, "-p", prefix + "/", "-c", "conf/nginx.conf",
                "-e", "stderr", "-g", "daemon off;"));
        // Logged after the listening socket is open; a worker may still be forking, which the
        // probe's timeout absorbs (the connection waits in the backlog).
        nginx.awaitOutput(Pattern.compile("start worker process"), Duration.ofSeconds(20));
    }

    @AfterAll
    void stop() throws Exception {
        if (nginx != null) {
            nginx.stop();
        }
    }

    @Test
    void httpProbeOfTheReadinessLocationIsReady() {
        assertEquals(ProbeResult.ready(), Probes.http(port, "/stackyard-ready").check(TIMEOUT));
    }

    @Test
    void httpProbeOfAPathAnswering404IsNotReady() {
        var result = assertInstanceOf(ProbeResult.NotReady.class, Probes.http(port, "/elsewhere").check(TIMEOUT));
        assertTrue(result.reason().contains("HTTP 404"), result.reason());
    }

    @Test
    void portCheckNamesTheNginxMasterNotAWorker() {
        PortHolder holder = PortCheck.holder(port).orElseThrow();
        assertEquals(nginx.pid(), holder.pid().orElseThrow());
        assertEquals("nginx", holder.program().orElseThrow());
    }
}
