package dev.stackyard.config;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.stackyard.core.service.ServiceDefinition;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes one service as the YAML lines of a {@code services:} entry, in the same shape a person
 * would write it: only keys with a value, one key per line, lists and maps in flow style. Every
 * field that is set is written, even one that does not apply to the kind, so that validation
 * rejects it instead of it being dropped silently.
 */
final class ServiceYaml {

    /** Scalars that YAML reads back as the same string without quotes. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/~][A-Za-z0-9_./~+=@-]*");
    /** Plain scalars that YAML would read as something other than a string. */
    private static final Pattern SPECIAL = Pattern.compile(
            "(?i)~|null|true|false|yes|no|on|off|y|n|\\.inf|\\.nan");

    private ServiceYaml() {
    }

    /**
     * The entry's lines without indentation or line ends; the first is {@code id: ...}.
     *
     * @throws IllegalArgumentException when {@code service.stopTimeout()} is not whole milliseconds
     */
    static List<String> lines(ServiceDefinition service) {
        List<String> lines = new ArrayList<>();
        lines.add("id: " + scalar(service.id()));
        lines.add("kind: " + service.kind().configName());
        if (service.version() != null) {
            lines.add("version: " + quoted(service.version()));
        }
        if (service.port() != null) {
            lines.add("port: " + service.port());
        }
        if (service.autostart()) {
            lines.add("autostart: true");
        }
        if (service.stopSignal() != null) {
            lines.add("stopSignal: " + service.stopSignal().name());
        }
        if (service.stopTimeout() != null) {
            lines.add("stopTimeout: " + Durations.format(service.stopTimeout()));
        }
        if (service.root() != null) {
            lines.add("root: " + path(service.root()));
        }
        if (service.php() != null) {
            lines.add("php: " + scalar(service.php()));
        }
        if (!service.command().isEmpty()) {
            lines.add("command: [" + service.command().stream().map(ServiceYaml::quoted).collect(Collectors.joining(", ")) + "]");
        }
        if (service.workDir() != null) {
            lines.add("workDir: " + path(service.workDir()));
        }
        if (!service.env().isEmpty()) {
            // Sorted: the definition's map has no order, and the same definition should give the same text.
            lines.add("env: {" + new TreeMap<>(service.env()).entrySet().stream()
                    .map(e -> scalar(e.getKey()) + ": " + scalar(e.getValue()))
                    .collect(Collectors.joining(", ")) + "}");
        }
        ServiceDefinition.ProcessReadiness ready = service.readiness();
        if (ready != null && ready.tcpPort() != null) {
            lines.add("ready: {tcp: " + ready.tcpPort() + "}");
        } else if (ready != null && ready.logLine() != null) {
            lines.add("ready: {logLine: " + quoted(ready.logLine()) + "}");
        }
        if (service.dataDir() != null) {
            lines.add("dataDir: " + path(service.dataDir()));
        }
        if (service.password()) {
            lines.add("password: true");
        }
        ServiceDefinition.MailSettings mail = service.mail();
        if (mail != null && mail.httpPort() != null) {
            lines.add("httpPort: " + mail.httpPort());
        }
        if (mail != null && mail.keep() != null) {
            lines.add("keep: " + mail.keep());
        }
        if (mail != null && mail.maxMessageSize() != null) {
            lines.add("maxMessageSize: " + SupervisionKeys.formatSize(mail.maxMessageSize()));
        }
        if (!service.dependsOn().isEmpty()) {
            lines.add("dependsOn: [" + service.dependsOn().stream().map(ServiceYaml::scalar).collect(Collectors.joining(", ")) + "]");
        }
        return lines;
    }

    static String scalar(String value) {
        return PLAIN.matcher(value).matches() && !SPECIAL.matcher(value).matches() ? value : quoted(value);
    }

    /** A double-quoted YAML scalar; JSON's escapes are valid in YAML double-quoted strings. */
    static String quoted(String value) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + "\"";
    }

    private static String path(Path path) {
        return scalar(path.toString());
    }
}
