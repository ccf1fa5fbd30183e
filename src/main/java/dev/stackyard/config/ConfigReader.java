package dev.stackyard.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackyard.core.process.Signal;
import dev.stackyard.core.service.Kind;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceDefinition.ProcessReadiness;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.SupervisionPolicy;
import dev.stackyard.core.site.LinkedSite;
import dev.stackyard.core.site.ParkedDir;
import dev.stackyard.core.site.SiteConfig;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Text of {@code stackyard.yaml} to service definitions: parse, bind DTOs, apply defaults, validate.
 *
 * <p>Every default is applied in one place, {@code Validation.toDefinition}. Validation collects every problem rather
 * than stopping at the first. Stateless apart from the folders it is given; safe to share.
 */
final class ConfigReader {

    private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+){0,2}");
    private static final String SIGNALS = Arrays.stream(Signal.values())
            .map(Signal::name).collect(Collectors.joining(", "));

    /** What the text turned into: definitions in file order, and problems in file order. */
    record Result(YamlDocument document, List<ServiceDefinition> services, List<ConfigProblem> problems,
                  List<Record> siteEntries) {
        boolean valid() {
            return problems.isEmpty();
        }

        /** The {@code sites:} entries as one {@link SiteConfig}. */
        SiteConfig sites() {
            return new SiteConfig(
                    siteEntries.stream().filter(LinkedSite.class::isInstance).map(LinkedSite.class::cast).toList(),
                    siteEntries.stream().filter(ParkedDir.class::isInstance).map(ParkedDir.class::cast).toList());
        }
    }

    private final Path dataDir;
    private final Path home;

    /**
     * @param dataDir Stackyard's data folder; nginx's default root is {@code <dataDir>/www}
     * @param home    what {@code ~} means in paths
     */
    ConfigReader(Path dataDir, Path home) {
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        this.home = Objects.requireNonNull(home, "home");
    }

    /**
     * Reads {@code text}, the content of {@code file}; relative paths in it are taken from the file's folder.
     * Never throws for bad content; when problems are returned the definitions must not be used.
     */
    Result read(Path file, String text) {
        YamlDocument document = YamlDocument.parse(text);
        List<ConfigProblem> problems = new ArrayList<>(document.problems());
        if (document.root() == null) {
            return new Result(document, List.of(), sorted(problems), List.of()); // empty file, or a syntax error
        }
        RecordBinder binder = new RecordBinder(document, problems);
        ConfigFileDto top = binder.bind(ConfigFileDto.class, document.root(), "");
        List<JsonNode> items = top == null || top.services() == null ? List.of() : top.services();
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String path = "services[" + i + "]";
            if (items.get(i).isNull()) {
                problems.add(problem(document, path, "empty entry; remove the lone '-'"));
                entries.add(new Entry(path, null));
            } else {
                entries.add(new Entry(path, binder.bind(ServiceDto.class, items.get(i), path)));
            }
        }
        Path baseDir = file.toAbsolutePath().getParent();
        Validation validation = new Validation(document, problems, baseDir);
        List<ServiceDefinition> services = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.dto() != null) {
                ServiceDefinition definition = validation.entry(entry.path(), entry.dto());
                if (definition != null) {
                    services.add(definition);
                }
            }
        }
        validation.crossChecks(entries);
        List<Record> sites = new SiteConfigReader(document, problems, binder, validation::path)
                .read(top == null ? null : top.sites(), services);
        boolean valid = problems.isEmpty();
        return new Result(document, valid ? List.copyOf(services) : List.of(), sorted(problems),
                valid ? List.copyOf(sites) : List.of());
    }

    /** One entry of {@code services:} and its path ({@code services[2]}). */
    record Entry(String path, ServiceDto dto) {
    }

    private static List<ConfigProblem> sorted(List<ConfigProblem> problems) {
        // Stable: problems on one line keep the order they were found in.
        return problems.stream().sorted(Comparator.comparingInt(ConfigProblem::line)).toList();
    }

    private static ConfigProblem problem(YamlDocument document, String path, String message) {
        return new ConfigProblem(path, document.line(path), message);
    }

    /** Per-entry checks and the conversion to definitions; collects problems as it goes. */
    private final class Validation {
        private final YamlDocument document;
        private final List<ConfigProblem> problems;
        private final Path baseDir;

        Validation(YamlDocument document, List<ConfigProblem> problems, Path baseDir) {
            this.document = document;
            this.problems = problems;
            this.baseDir = baseDir;
        }

        private void problem(String path, String message) {
            problems.add(ConfigReader.problem(document, path, message));
        }

        /** Whether the binder already reported a bad value at or under this path, so "missing" would be noise. */
        private boolean reported(String path) {
            return problems.stream().anyMatch(p -> p.path().equals(path) || p.path().startsWith(path + "[")
                    || p.path().startsWith(path + "."));
        }

        /** The entry's definition with defaults applied, or null when it cannot be built. */
        ServiceDefinition entry(String path, ServiceDto dto) {
            int before = problems.size();
            if (dto.id() == null) {
                if (!reported(path + ".id")) {
                    problem(path, "missing id");
                }
            } else if (!NewServices.validId(dto.id())) {
                problem(path + ".id", "'" + dto.id() + "' is not a valid id: use a-z, 0-9 and '-', "
                        + "starting with a letter or digit, at most 40 characters");
            }
            ServiceKind kind = null;
            if (dto.kind() == null) {
                if (!reported(path + ".kind")) {
                    problem(path, "missing kind (one of " + String.join(", ", ServiceKind.names()) + ")");
                }
            } else {
                kind = ServiceKind.fromConfigName(dto.kind()).orElse(null);
                if (kind == null) {
                    problem(path + ".kind", "unknown kind '" + dto.kind() + "' (expected one of " + String.join(", ", ServiceKind.names()) + ")");
                }
            }
            if (kind != null) {
                keysApply(path, dto, kind);
            }
            if (dto.port() != null) {
                portInRange(path + ".port", dto.port());
            }
            if (dto.version() != null && !VERSION.matcher(dto.version()).matches()) {
                problem(path + ".version", "'" + dto.version() + "' is not a version like \"15\", \"8.3\" or \"7.2.4\"");
            }
            Signal stopSignal = null;
            if (dto.stopSignal() != null) {
                stopSignal = Signal.parse(dto.stopSignal()).orElse(null);
                if (stopSignal == null) {
                    problem(path + ".stopSignal", "unknown signal '" + dto.stopSignal() + "' (expected one of " + SIGNALS + ")");
                }
            }
            Duration stopTimeout = null;
            if (dto.stopTimeout() != null) {
                stopTimeout = Durations.parse(dto.stopTimeout()).orElse(null);
                if (stopTimeout == null) {
                    problem(path + ".stopTimeout", "'" + dto.stopTimeout() + "' is not a duration (use e.g. " + Durations.EXAMPLES + ")");
                }
            }
            if (kind != null && kind.spec().keys().contains("command")) {
                command(path, dto.command(), kind.spec().requiredKeys().get("command"));
            }
            if (kind != null) {
                requiredKeys(path, dto, kind);
            }
            dependsOn(path + ".dependsOn", dto.dependsOn());
            environment(path, dto.env());
            ProcessReadiness readiness = dto.ready() == null ? null : readiness(path + ".ready", dto.ready());
            Path root = path(path + ".root", dto.root());
            Path workDir = path(path + ".workDir", dto.workDir());
            Path dataDirectory = path(path + ".dataDir", dto.dataDir());
            SupervisionPolicy supervision = SupervisionKeys.read(path, dto, this::problem);
            ServiceDefinition.MailSettings mail = mailSettings(path, dto);
            if (problems.size() > before || kind == null) {
                return null;
            }
            return toDefinition(dto, kind, stopSignal, stopTimeout, root, workDir, dataDirectory, readiness, mail)
                    .withSupervision(supervision);
        }

        /** The one place defaults are applied: the common ones here, the kind's by {@link Kind#withDefaults}. */
        private ServiceDefinition toDefinition(ServiceDto dto, ServiceKind kind, Signal stopSignal, Duration stopTimeout,
                                               Path root, Path workDir, Path dataDirectory, ProcessReadiness readiness,
                                               ServiceDefinition.MailSettings mail) {
            boolean autostart = dto.autostart() != null && dto.autostart();
            ServiceDefinition definition = ServiceDefinition.builder(dto.id(), kind)
                    .version(dto.version()).port(dto.port()).autostart(autostart)
                    .stopSignal(stopSignal).stopTimeout(stopTimeout)
                    .root(root).php(dto.php())
                    .command(dto.command()).workDir(workDir).env(dto.env()).readiness(readiness)
                    .dataDir(dataDirectory)
                    .password(dto.password() != null && dto.password())
                    .mail(mail)
                    .dependsOn(dto.dependsOn())
                    .build();
            return kind.spec().withDefaults(definition, dataDir);
        }

        /** {@code httpPort}, {@code keep} and {@code maxMessageSize} (mail); null when none is given. */
        private ServiceDefinition.MailSettings mailSettings(String path, ServiceDto dto) {
            if (dto.httpPort() == null && dto.keep() == null && dto.maxMessageSize() == null) {
                return null;
            }
            if (dto.httpPort() != null) {
                portInRange(path + ".httpPort", dto.httpPort());
                if (dto.httpPort().equals(dto.port())) {
                    problem(path + ".httpPort", dto.httpPort() + " is also this service's port; give the page a port of its own");
                }
            }
            if (dto.keep() != null && dto.keep() < 1) {
                problem(path + ".keep", dto.keep() + " is less than 1; give how many of the newest messages to keep, e.g. keep: 500");
            }
            Long size = null;
            if (dto.maxMessageSize() != null) {
                size = SupervisionKeys.size(dto.maxMessageSize()).orElse(null);
                if (size == null || size < 1 || size > Integer.MAX_VALUE) {
                    problem(path + ".maxMessageSize", "'" + dto.maxMessageSize() + "' is not a size between 1B and 2GiB (use e.g. 25MiB, 512KiB)");
                    size = null;
                }
            }
            return new ServiceDefinition.MailSettings(dto.httpPort(), dto.keep(), size);
        }

        /** Keys the kind does not accept, and the kind's port rule. */
        private void keysApply(String path, ServiceDto dto, ServiceKind kind) {
            dto.values().forEach((key, value) -> {
                if (value != null && !Kind.COMMON_KEYS.contains(key) && !kind.spec().keys().contains(key)) {
                    String forWhom = ServiceKind.all().stream().filter(k -> k.spec().keys().contains(key))
                            .map(ServiceKind::configName).collect(Collectors.joining(", "));
                    problem(path + "." + key, "'" + key + "' does not apply to " + kind.configName()
                            + (forWhom.isEmpty() ? "" : " (only to " + forWhom + ")") + "; remove it");
                }
            });
            Kind.PortUse port = kind.spec().port();
            if (port.use() == Kind.PortUse.Use.FORBIDDEN && dto.port() != null) {
                problem(path + ".port", port.whyNot());
            }
            if (port.use() == Kind.PortUse.Use.REQUIRED && dto.port() == null && !reported(path + ".port")) {
                problem(path, "missing port (" + kind.configName() + " needs a TCP port, e.g. port: " + port.example() + ")");
            }
        }

        /** Keys the kind cannot do without; {@code command} has its own, more precise check. */
        private void requiredKeys(String path, ServiceDto dto, ServiceKind kind) {
            Map<String, Object> values = dto.values();
            kind.spec().requiredKeys().forEach((key, hint) -> {
                if (!key.equals("command") && values.get(key) == null && !reported(path + "." + key)) {
                    problem(path, "missing " + key + ": " + hint);
                }
            });
        }

        /** Each entry an id; the graph checks (unknown ids, cycles) need every entry: see crossChecks. */
        private void dependsOn(String path, List<String> ids) {
            if (ids == null) {
                return;
            }
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                if (id == null || id.isBlank()) {
                    problem(path + "[" + i + "]", "is empty; give the id of a service");
                } else if (ids.subList(0, i).contains(id)) {
                    problem(path + "[" + i + "]", "'" + id + "' is listed twice");
                }
            }
        }

        private void portInRange(String path, int port) {
            if (port < 1 || port > 65535) {
                problem(path, port + " is out of range 1..65535");
            }
        }

        /** {@code requiredHint}: the sentence for a missing command, or null when the kind does not require one. */
        private void command(String path, List<String> command, String requiredHint) {
            if (command == null) {
                if (requiredHint != null && !reported(path + ".command")) {
                    problem(path, "missing command: " + requiredHint);
                }
            } else if (command.isEmpty()) {
                problem(path + ".command", "is empty; give the program and its arguments, e.g. [\"php\", \"artisan\", \"queue:work\"]");
            } else if (command.getFirst() == null || command.getFirst().isBlank()) {
                problem(path + ".command[0]", "the program name is empty");
            } else if (command.contains(null)) {
                problem(path + ".command[" + command.indexOf(null) + "]", "empty argument; write \"\" for an empty string");
            }
        }

        private void environment(String path, Map<String, String> env) {
            if (env == null) {
                return;
            }
            env.forEach((name, value) -> {
                if (name.isEmpty() || name.contains("=") || name.indexOf('\0') >= 0) {
                    problem(path + ".env." + name, "'" + name + "' is not a valid environment variable name");
                } else if (value == null) {
                    problem(path + ".env." + name, "has no value; write \"\" for an empty one");
                }
            });
        }

        private ProcessReadiness readiness(String path, ReadyDto ready) {
            if ((ready.tcp() == null) == (ready.logLine() == null)) {
                problem(path, "give exactly one of tcp (a port) or logLine (a regular expression)");
                return null;
            }
            if (ready.tcp() != null) {
                portInRange(path + ".tcp", ready.tcp());
            } else {
                try {
                    Pattern.compile(ready.logLine());
                } catch (PatternSyntaxException e) {
                    problem(path + ".logLine", "not a valid regular expression: " + e.getDescription());
                }
            }
            return new ProcessReadiness(ready.tcp(), ready.logLine());
        }

        /** "~" and "~/..." are the home folder; a relative path is taken from the config file's folder. */
        private Path path(String path, String text) {
            if (text == null) {
                return null;
            }
            if (text.isBlank()) {
                problem(path, "is empty");
                return null;
            }
            if (text.startsWith("~") && !text.equals("~") && !text.startsWith("~/")) {
                problem(path, "'" + text + "': only ~/ (your own home folder) is expanded; write the full path");
                return null;
            }
            try {
                Path p = text.equals("~") ? home : text.startsWith("~/") ? home.resolve(text.substring(2)) : Path.of(text);
                return baseDir.resolve(p).normalize();
            } catch (InvalidPathException e) {
                problem(path, "'" + text + "' is not a valid path: " + e.getReason());
                return null;
            }
        }

        /** Duplicate ids and ports, then references between services ({@link ReferenceChecks}); needs every entry. */
        void crossChecks(List<Entry> entries) {
            Map<String, Entry> byId = new HashMap<>();
            Map<Integer, Entry> byPort = new HashMap<>();
            for (Entry entry : entries) {
                ServiceDto dto = entry.dto();
                if (dto == null) {
                    continue;
                }
                if (dto.id() != null && NewServices.validId(dto.id())) {
                    Entry first = byId.putIfAbsent(dto.id(), entry);
                    if (first != null) {
                        problem(entry.path() + ".id", "'" + dto.id() + "' is already the id of " + first.path()
                                + " (line " + document.line(first.path()) + ")");
                    }
                }
                boolean portless = ServiceKind.fromConfigName(dto.kind())
                        .map(k -> k.spec().port().use() == Kind.PortUse.Use.FORBIDDEN).orElse(false);
                if (dto.port() != null && !portless) {
                    Entry first = byPort.putIfAbsent(dto.port(), entry);
                    if (first != null) {
                        String owner = first.dto().id() != null ? "'" + first.dto().id() + "'" : first.path();
                        problem(entry.path() + ".port", dto.port() + " is already used by " + owner);
                    }
                }
            }
            new ReferenceChecks(byId, this::problem).check(entries);
        }
    }
}
