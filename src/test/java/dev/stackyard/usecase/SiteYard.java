package dev.stackyard.usecase;

import dev.stackyard.config.Config;
import dev.stackyard.config.ConfigStore;
import dev.stackyard.core.process.ProcessManager;
import dev.stackyard.core.service.Installations;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.service.kind.WebKindsTestSupport;
import dev.stackyard.core.site.SiteBook;
import dev.stackyard.testing.Daemons;
import dev.stackyard.testing.TestPorts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A temporary Stackyard home with nginx {@code web} (PHP through php-fpm {@code php}), the site
 * book, a registry and the site service, as the CLI wires them. {@link #close()} stops every
 * daemon through the registry and checks that none is left.
 */
final class SiteYard implements AutoCloseable {
    final Path home;
    final int port;
    final ConfigStore store;
    final Installations installations;
    final SiteBook book;
    final ServiceEnvironment env;
    final ProcessManager processes;
    final ServiceRegistry registry;
    final SiteService sites;

    SiteYard(Path home) throws Exception {
        this(home, "");
    }

    /** @param moreServices YAML entries appended to {@code services:} */
    SiteYard(Path home, String moreServices) throws Exception {
        this.home = home;
        Files.createDirectories(home);
        dev.stackyard.testing.Passable.upTo(home);
        this.port = TestPorts.free();
        Path data = home.resolve("data");
        Files.createDirectories(data);
        Files.writeString(home.resolve("stackyard.yaml"), """
                # test stack
                services:
                  - id: web
                    kind: nginx
                    port: %d
                    php: php

                  - id: php
                    kind: php-fpm
                """.formatted(port) + moreServices);
        store = new ConfigStore(home.resolve("stackyard.yaml"), data, home);
        installations = Installations.load(data.resolve("bundles"));
        Daemons.require(ServiceKind.named("nginx"));
        Daemons.require(ServiceKind.named("php-fpm"));
        book = new SiteBook(data, installations);
        Config config = store.load();
        book.update(config.sites(), config.services());
        env = new ServiceEnvironment(data, home.resolve("run"), home.resolve("logs"), installations, book);
        processes = new ProcessManager(env.processStateDir());
        registry = new ServiceRegistry(config.services(), env, processes);
        sites = new SiteService(store, book, installations, () -> registry, () -> { });
    }

    /** A project folder under the home with {@code file} holding {@code content}. */
    Path project(String relative, String file, String content) throws IOException {
        Path dir = home.resolve("code").resolve(relative);
        Path target = dir.resolve(file);
        Files.createDirectories(target.getParent());
        Files.writeString(target, content);
        return dir;
    }

    record Answer(int status, String body) {
    }

    /** One GET to 127.0.0.1:PORT with this Host header, connection closed afterwards. */
    static Answer get(int port, String host, String path) throws IOException {
        WebKindsTestSupport.HttpResponse r = WebKindsTestSupport.get(port, host, path);
        return new Answer(r.status(), r.body());
    }

    Answer get(String host, String path) throws IOException {
        return get(port, host + ":" + port, path);
    }

    @Override
    public void close() {
        try {
            registry.stopAll(Duration.ofSeconds(20));
            assertTrue(processes.recordedIds().isEmpty(), "left running: " + processes.recordedIds());
        } finally {
            registry.close();
            processes.close();
        }
    }
}
