package dev.stackyard.core.service.kind.nginx;

import dev.stackyard.core.service.ContainerRequest;
import dev.stackyard.core.service.ContainerSpec;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceException;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.testing.Daemons;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** nginx as a container: the config it gets is one nginx accepts, and names the php-fpm service's address. */
class NginxContainerTest {
    @TempDir
    Path tmp;

    private ContainerRequest request(Optional<String> phpAddress) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("www"));
        ServiceDefinition web = ServiceDefinition.builder("web", ServiceKind.named("nginx")).port(8080).php("php").root(root).build();
        return new ContainerRequest(web, "1.22.1", "WEB_PASSWORD",
                List.of(new ContainerRequest.Site("shop", tmp.resolve("shop"), "/srv/sites/shop", "/srv/sites/shop/public", "php"),
                        new ContainerRequest.Site("docs", tmp.resolve("docs"), "/srv/sites/docs", "/srv/sites/docs", null)),
                id -> id.equals("php") ? phpAddress : Optional.empty());
    }

    @Test
    void theRenderedConfigPassesNginxTest() throws Exception {
        ContainerSpec.Image image = (ContainerSpec.Image) new NginxKind().container(request(Optional.of("php:9000")));
        assertEquals("nginx:1.22", image.image());
        String conf = image.files().get("web.nginx.conf");
        assertTrue(conf.contains("fastcgi_pass php:9000;"), conf);

        // nginx -t resolves upstream names, and "php" exists only in the Compose network: give it an address.
        Path included = Files.writeString(tmp.resolve("web.nginx.conf"), conf.replace("php:9000", "127.0.0.1:9000"));
        Path main = Files.writeString(tmp.resolve("nginx.conf"), """
                pid "%1$s/nginx.pid";
                error_log stderr;
                events { worker_connections 16; }
                http {
                    client_body_temp_path "%1$s/body";
                    proxy_temp_path "%1$s/proxy";
                    fastcgi_temp_path "%1$s/fastcgi";
                    uwsgi_temp_path "%1$s/uwsgi";
                    scgi_temp_path "%1$s/scgi";
                    access_log off;
                    include "%2$s";
                }
                """.formatted(tmp, included));
        Process test = new ProcessBuilder(Daemons.binary(ServiceKind.named("nginx")).toString(), "-t", "-q",
                "-p", tmp + "/", "-c", main.toString(), "-e", "stderr")
                .redirectErrorStream(true).start();
        test.getOutputStream().close();
        String output = new String(test.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(test.waitFor(60, TimeUnit.SECONDS), "nginx -t did not finish");
        assertEquals(0, test.exitValue(), output + "\n" + conf);
    }

    @Test
    void sitesAndTheRootAreMountedIntoNginxAndIntoThePhpServiceAtTheSamePaths() throws Exception {
        ContainerSpec.Image image = (ContainerSpec.Image) new NginxKind().container(request(Optional.of("php:9000")));
        assertEquals(List.of(
                new ContainerSpec.Mount("./web.nginx.conf", "/etc/nginx/conf.d/default.conf", true),
                new ContainerSpec.Mount(tmp.resolve("www").toString(), "/srv/web/www", true),
                new ContainerSpec.Mount(tmp.resolve("shop").toString(), "/srv/sites/shop", true),
                new ContainerSpec.Mount(tmp.resolve("docs").toString(), "/srv/sites/docs", true)), image.mounts());
        assertEquals(List.of(
                new ContainerSpec.Mount(tmp.resolve("www").toString(), "/srv/web/www", false),
                new ContainerSpec.Mount(tmp.resolve("shop").toString(), "/srv/sites/shop", false)),
                image.peerMounts().get("php"), "docs is static: php-fpm does not need it");
    }

    @Test
    void aPhpServiceThatIsNotExportedIsSaid() throws Exception {
        ServiceException e = assertThrows(ServiceException.class, () -> new NginxKind().container(request(Optional.empty())));
        assertEquals("web cannot be exported: its PHP runs on 'php', which is not exported", e.getMessage());
    }
}
