package dev.stackyard.core.service.kind.mail;

import dev.stackyard.core.process.Signal;
import dev.stackyard.core.process.StopPolicy;
import dev.stackyard.core.service.ContainerRequest;
import dev.stackyard.core.service.ContainerSpec;
import dev.stackyard.core.service.Kind;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceManager;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * A mail catcher: SMTP on {@code port} and a page with a Mailpit-shaped API on {@code httpPort},
 * both on 127.0.0.1, keeping the newest {@code keep} messages under {@code DATA/mail/ID}. Run by
 * {@link MailManager} as a process of its own: Stackyard's runtime with the
 * {@code dev.stackyard.mailserver} main class. Nothing to install, so no versions.
 */
public final class MailKind implements Kind {
    /** TERM runs the server's shutdown hook (both sockets closed); the process core adds the group KILL. */
    static final StopPolicy LADDER = StopPolicy.of(Signal.TERM, Duration.ofSeconds(5));
    static final Instances INSTANCES = new Instances(1025, "mail",
            "a mail catcher: SMTP for your apps, a page and an API to read what they sent");
    static final int FIRST_HTTP_PORT = 8025;
    static final int DEFAULT_KEEP = 500;
    static final long DEFAULT_MAX_MESSAGE_SIZE = 25L * 1024 * 1024;

    @Override
    public String name() {
        return "mail";
    }

    @Override
    public String title() {
        return "Mail";
    }

    @Override
    public VersionSource versions() {
        return VersionSource.NONE;
    }

    @Override
    public Optional<Instances> instances() {
        return Optional.of(INSTANCES);
    }

    @Override
    public Set<String> keys() {
        return Set.of("dataDir", "httpPort", "keep", "maxMessageSize");
    }

    @Override
    public PortUse port() {
        return PortUse.required(INSTANCES.firstPort());
    }

    @Override
    public StopPolicy stopLadder() {
        return LADDER;
    }

    /** A JVM's start on a busy two-core machine took seconds. */
    @Override
    public Duration readyTimeout() {
        return Duration.ofSeconds(60);
    }

    @Override
    public boolean opensPage() {
        return true;
    }

    @Override
    public boolean catchesMail() {
        return true;
    }

    @Override
    public boolean keepsData() {
        return true;
    }

    /**
     * The keys left out take their defaults: {@code keep} 500, {@code maxMessageSize} 25 MiB, and
     * {@code httpPort} the SMTP port + 7000 (1025 -> 8025), so an entry written by hand has a
     * stable page port.
     */
    @Override
    public ServiceDefinition withDefaults(ServiceDefinition definition, Path dataDir) {
        ServiceDefinition.MailSettings given = definition.mail();
        Integer httpPort = given != null ? given.httpPort() : null;
        if (httpPort == null && definition.port() != null) {
            httpPort = defaultHttpPort(definition.port());
        }
        return definition.toBuilder().mail(new ServiceDefinition.MailSettings(httpPort,
                given != null && given.keep() != null ? given.keep() : DEFAULT_KEEP,
                given != null && given.maxMessageSize() != null ? given.maxMessageSize() : DEFAULT_MAX_MESSAGE_SIZE)).build();
    }

    static int defaultHttpPort(int smtpPort) {
        int candidate = smtpPort + (FIRST_HTTP_PORT - INSTANCES.firstPort());
        return candidate <= 65535 ? candidate : FIRST_HTTP_PORT;
    }

    /**
     * A new instance gets an {@code httpPort} written into its entry: the first port from its
     * default (8025 for the first) that is free now and is not its SMTP port.
     */
    @Override
    public ServiceDefinition newInstance(ServiceDefinition definition) {
        if (definition.port() == null) {
            return definition;
        }
        int p = defaultHttpPort(definition.port());
        while (p == definition.port() || !free(p)) {
            p = p >= 65535 ? 1024 : p + 1;
        }
        return definition.toBuilder().mail(new ServiceDefinition.MailSettings(p, null, null)).build();
    }

    private static boolean free(int port) {
        try (ServerSocket _ = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Its API and page on {@code httpPort}, its messages in its data folder (for the Mail tab and {@code stackyard mail}). */
    @Override
    public Optional<Mailbox> mailbox(ServiceDefinition definition, ServiceEnvironment env) {
        MailManager manager = new MailManager(definition, env);
        return Optional.of(new Mailbox(java.net.URI.create("http://127.0.0.1:" + manager.httpPort() + "/"), manager.dataDir()));
    }

    @Override
    public ServiceManager manager(ServiceDefinition definition, ServiceEnvironment env) {
        return new MailManager(definition, env);
    }

    @Override
    public ContainerSpec container(ContainerRequest request) {
        return MailContainer.of(request.definition());
    }
}
