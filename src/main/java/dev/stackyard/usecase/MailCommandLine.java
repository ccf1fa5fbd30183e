package dev.stackyard.usecase;

import dev.stackyard.core.service.Sendmail;
import dev.stackyard.core.service.ServiceDefinition;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * PHP's {@code sendmail_path} for this Stackyard: {@code LAUNCHER sendmail -t --port PORT}, the
 * port of the first configured service whose kind catches mail, or {@code --no-mail-service} when
 * there is none (the command then says so, and mail() returns false). The launcher is the one
 * that started this JVM: {@code stackyard.launcher}, which {@code packaging/stackyard} (a checkout)
 * and {@code /usr/bin/stackyard} (the .deb) set, else jpackage's {@code jpackage.app-path} (the app
 * image's own launcher). Thread-safe; reads the definitions afresh at every call.
 */
final class MailCommandLine implements Sendmail {
    /**
     * A launcher path written as is: php-fpm puts its prefix before a sendmail_path that does not
     * start with '/', so the path cannot be shell-quoted; one needing quotes gets no sendmail_path.
     */
    static final java.util.regex.Pattern PLAIN_PATH = java.util.regex.Pattern.compile("/[A-Za-z0-9/._+-]*");

    private final Supplier<List<ServiceDefinition>> definitions;

    MailCommandLine(Supplier<List<ServiceDefinition>> definitions) {
        this.definitions = definitions;
    }

    @Override
    public Optional<String> commandLine() {
        return launcher().filter(p -> PLAIN_PATH.matcher(p.toString()).matches()).map(p -> p + " sendmail -t "
                + mailPort(definitions.get()).map(port -> "--port " + port).orElse("--no-mail-service"));
    }

    /** The port of the first service whose kind catches mail, if any. */
    static Optional<Integer> mailPort(List<ServiceDefinition> definitions) {
        return definitions.stream().filter(d -> d.kind().spec().catchesMail() && d.port() != null)
                .map(ServiceDefinition::port).findFirst();
    }

    /** The launcher that started this JVM, when a property names it and it can be run. */
    static Optional<Path> launcher() {
        return Launcher.named().filter(Files::isExecutable);
    }
}
