package dev.stackyard.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackyard.core.process.Signal;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceDefinition.ProcessReadiness;
import dev.stackyard.core.service.ServiceKind;
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

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+){0,2}");
    private static final String KINDS = Arrays.stream(ServiceKind.values())
            .map(ServiceKind::configName).collect(Collectors.joining(", "));
    private static final String SIGNALS = Arrays.stream(Signal.values())
            .map(Signal::name).collect(Collectors.joining(", "));

    /**
     * Keys only some kinds accept, with those kinds; every other component of {@link ServiceDto} applies
     * to all kinds. A key that is no component at all is unknown (the binder reports it).
     */
    private static final Map<String, Set<ServiceKind>> ONLY_FOR = Map.of(
            "version", Set.of(ServiceKind.NGINX, ServiceKind.PHP_FPM, ServiceKind.REDIS, ServiceKind.POSTGRES),
            "root", Set.of(ServiceKind.NGINX),
            "php", Set.of(ServiceKind.NGINX),
            "command", Set.of(ServiceKind.PROCESS),
            "workDir", Set.of(ServiceKind.PROCESS),
            "env", Set.of(ServiceKind.PROCESS),
            "ready", Set.of(ServiceKind.PROCESS),
            "dataDir", Set.of(ServiceKind.REDIS, ServiceKind.POSTGRES));

    private static final Map<ServiceKind, Integer> EXAMPLE_PORTS = Map.of(
            ServiceKind.NGINX, 8080, ServiceKind.REDIS, 6379, ServiceKind.POSTGRES, 5432);

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

    private record Entry(String path, ServiceDto dto) {
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
            } else if (!ID.matcher(dto.id()).matches()) {
                problem(path + ".id", "'" + dto.id() + "' is not a valid id: use a-z, 0-9 and '-', "
                        + "starting with a letter or digit, at most 40 characters");
            }
            ServiceKind kind = null;
            if (dto.kind() == null) {
                if (!reported(path + ".kind")) {
                    problem(path, "missing kind (one of " + KINDS + ")");
                }
            } else {
                kind = ServiceKind.fromConfigName(dto.kind()).orElse(null);
                if (kind == null) {
                    problem(path + ".kind", "unknown kind '" + dto.kind() + "' (expected one of " + KINDS + ")");
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
            if (kind == ServiceKind.PROCESS) {
                command(path, dto.command());
            }
            environment(path, dto.env());
            ProcessReadiness readiness = dto.ready() == null ? null : readiness(path + ".ready", dto.ready());
            Path root = path(path + ".root", dto.root());
            Path workDir = path(path + ".workDir", dto.workDir());
            Path dataDirectory = path(path + ".dataDir", dto.dataDir());
            if (problems.size() > before || kind == null) {
                return null;
            }
            return toDefinition(dto, kind, stopSignal, stopTimeout, root, workDir, dataDirectory, readiness);
        }

        /** The one place defaults are applied. */
        private ServiceDefinition toDefinition(ServiceDto dto, ServiceKind kind, Signal stopSignal, Duration stopTimeout,
                                               Path root, Path workDir, Path dataDirectory, ProcessReadiness readiness) {
            boolean autostart = dto.autostart() != null && dto.autostart();
            if (kind == ServiceKind.NGINX && root == null) {
                root = dataDir.resolve("www");
            }
            return new ServiceDefinition(dto.id(), kind, dto.version(), dto.port(), autostart, stopSignal, stopTimeout,
                    root, dto.php(), dto.command(), workDir, dto.env(), readiness, dataDirectory);
        }

        private void keysApply(String path, ServiceDto dto, ServiceKind kind) {
            Map<String, Object> present = new LinkedHashMap<>();
            present.put("version", dto.version());
            present.put("root", dto.root());
            present.put("php", dto.php());
            present.put("command", dto.command());
            present.put("workDir", dto.workDir());
            present.put("env", dto.env());
            present.put("ready", dto.ready());
            present.put("dataDir", dto.dataDir());
            present.forEach((key, value) -> {
                Set<ServiceKind> kinds = ONLY_FOR.get(key);
                if (value != null && !kinds.contains(kind)) {
                    String forWhom = kinds.stream().sorted().map(ServiceKind::configName).collect(Collectors.joining(", "));
                    problem(path + "." + key, "'" + key + "' does not apply to " + kind.configName()
                            + " (only to " + forWhom + "); remove it");
                }
            });
            if (kind == ServiceKind.PHP_FPM && dto.port() != null) {
                problem(path + ".port", "php-fpm listens on a private unix socket; remove port");
            }
            Integer example = EXAMPLE_PORTS.get(kind);
            if (example != null && dto.port() == null && !reported(path + ".port")) {
                problem(path, "missing port (" + kind.configName() + " needs a TCP port, e.g. port: " + example + ")");
            }
        }

        private void portInRange(String path, int port) {
            if (port < 1 || port > 65535) {
                problem(path, port + " is out of range 1..65535");
            }
        }

        private void command(String path, List<String> command) {
            if (command == null) {
                if (!reported(path + ".command")) {
                    problem(path, "missing command: a process needs its program and arguments as a list, "
                            + "e.g. command: [\"php\", \"artisan\", \"queue:work\"]");
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

        /** Duplicate ids and ports, and nginx's php reference; needs every entry. */
        void crossChecks(List<Entry> entries) {
            Map<String, Entry> byId = new HashMap<>();
            Map<Integer, Entry> byPort = new HashMap<>();
            for (Entry entry : entries) {
                ServiceDto dto = entry.dto();
                if (dto == null) {
                    continue;
                }
                if (dto.id() != null && ID.matcher(dto.id()).matches()) {
                    Entry first = byId.putIfAbsent(dto.id(), entry);
                    if (first != null) {
                        problem(entry.path() + ".id", "'" + dto.id() + "' is already the id of " + first.path()
                                + " (line " + document.line(first.path()) + ")");
                    }
                }
                if (dto.port() != null && !"php-fpm".equals(dto.kind())) {
                    Entry first = byPort.putIfAbsent(dto.port(), entry);
                    if (first != null) {
                        String owner = first.dto().id() != null ? "'" + first.dto().id() + "'" : first.path();
                        problem(entry.path() + ".port", dto.port() + " is already used by " + owner);
                    }
                }
            }
            for (Entry entry : entries) {
                ServiceDto dto = entry.dto();
                if (dto == null || dto.php() == null || !"nginx".equals(dto.kind())) {
                    continue;
                }
                Entry target = byId.get(dto.php());
                if (target == null) {
                    problem(entry.path() + ".php", "no service has id '" + dto.php() + "'; php must name a php-fpm service");
                } else if (!"php-fpm".equals(target.dto().kind())) {
                    problem(entry.path() + ".php", "'" + dto.php() + "' is a " + target.dto().kind()
                            + " service; php must name a php-fpm service");
                }
            }
        }
    }
}
