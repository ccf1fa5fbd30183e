package dev.stackyard.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.stackyard.config.Config;
import dev.stackyard.core.service.ContainerRequest;
import dev.stackyard.core.service.ContainerSpec;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.Installations;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.SupervisionPolicy;
import dev.stackyard.core.site.Site;
import dev.stackyard.core.site.SiteResolver;

import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns the configured stack into a Compose file ({@code services:} and {@code volumes:} of the
 * Compose specification): each service as its kind describes it ({@code Kind#container}), its port
 * published on 127.0.0.1, its data in a named volume, its passwords as {@code .env} variables, and
 * {@code depends_on} with {@code condition: service_healthy} from {@code dependsOn}, the implied
 * dependencies and the sites' php-fpm services. Services no image can run are listed in a comment
 * at the top. Pure: it reads the installed versions and the site folders, and writes nothing
 * ({@link ComposeFiles} does). The same config and installed versions give the same bytes.
 */
public final class ComposeExport {
    /** The first line of every file an export writes; only such files are ever overwritten. */
    public static final String HEADER = "# Written by stackyard export compose";
    /** Where a site's folder is mounted in the containers. */
    static final String SITES = "/srv/sites/";

    /** A service left out, and why. */
    public record Skipped(String id, ServiceKind kind, String reason) {
        public String describe() {
            return id + " (" + kind + ") is not exported: " + reason;
        }
    }

    /**
     * What an export makes.
     *
     * @param compose  the text of the Compose file
     * @param files    files to write beside it, by name (an nginx service's config)
     * @param secrets  the {@code .env} variables the file reads, sorted
     * @param exported the ids in the file, in config order
     * @param pulledIn ids exported because an asked-for service needs them
     * @param skipped  services no image can run
     * @param dropped  dependencies left out because their service is not exported, one sentence each
     */
    public record Result(String compose, Map<String, String> files, List<String> secrets, List<String> exported,
                         List<String> pulledIn, List<Skipped> skipped, List<String> dropped) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build());

    private final Config config;
    private final Installations installations;
    private final Map<String, ServiceDefinition> byId = new LinkedHashMap<>();
    private final Map<String, ContainerSpec> specs = new HashMap<>();
    private List<Site> allSites;

    public ComposeExport(Config config, Installations installations) {
        this.config = Objects.requireNonNull(config, "config");
        this.installations = Objects.requireNonNull(installations, "installations");
        config.services().forEach(s -> byId.put(s.id(), s));
    }

    /**
     * Exports {@code ids} and what they depend on, or every service when {@code ids} is empty.
     *
     * @throws IllegalArgumentException naming an id the config does not have
     * @throws dev.stackyard.core.service.ServiceException when a service cannot be described (no version known)
     */
    public Result export(List<String> ids) {
        for (String id : ids) {
            if (!byId.containsKey(id)) {
                throw new IllegalArgumentException("no service '" + id + "' in the config; known: " + String.join(", ", byId.keySet()));
            }
        }
        Set<String> wanted = closure(ids.isEmpty() ? byId.keySet() : ids);
        List<String> exported = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (String id : wanted) {
            if (spec(id) instanceof ContainerSpec.None(String reason)) {
                skipped.add(new Skipped(id, byId.get(id).kind(), reason));
            } else {
                exported.add(id);
            }
        }
        List<String> pulledIn = exported.stream().filter(id -> !ids.isEmpty() && !ids.contains(id)).toList();
        Map<String, Object> services = new LinkedHashMap<>();
        Map<String, Object> volumes = new TreeMap<>();
        Map<String, String> files = new TreeMap<>();
        Set<String> secrets = new TreeSet<>();
        Map<String, List<ContainerSpec.Mount>> peerMounts = new HashMap<>();
        List<String> dropped = new ArrayList<>();
        for (String id : exported) {
            ContainerSpec.Image image = (ContainerSpec.Image) spec(id);
            image.peerMounts().forEach((peer, mounts) -> peerMounts.computeIfAbsent(peer, k -> new ArrayList<>()).addAll(mounts));
        }
        for (String id : exported) {
            ServiceDefinition definition = byId.get(id);
            ContainerSpec.Image image = (ContainerSpec.Image) spec(id);
            Map<String, Object> service = new LinkedHashMap<>();
            service.put("image", image.image());
            if (!image.command().isEmpty()) {
                service.put("command", image.command());
            }
            if (!image.environment().isEmpty()) {
                service.put("environment", new TreeMap<>(image.environment()));
            }
            List<String> ports = new ArrayList<>();
            if (definition.port() != null && image.port() != null) {
                ports.add("127.0.0.1:" + definition.port() + ":" + image.port());
            }
            new TreeMap<>(image.morePorts()).forEach((host, inside) -> ports.add("127.0.0.1:" + host + ":" + inside));
            if (!ports.isEmpty()) {
                service.put("ports", ports);
            }
            List<Object> mounts = new ArrayList<>();
            if (image.dataPath() != null) {
                String volume = id + "-data";
                volumes.put(volume, Map.of());
                mounts.add(mount("volume", volume, image.dataPath(), false));
            }
            Set<ContainerSpec.Mount> binds = new LinkedHashSet<>(image.mounts());
            binds.addAll(peerMounts.getOrDefault(id, List.of()));
            for (ContainerSpec.Mount m : binds) {
                // A literal $ for Compose is $$ (the sites layer refuses such folders today; a root may not).
                mounts.add(mount("bind", m.source().replace("$", "$$"), m.target(), m.readOnly()));
            }
            if (!mounts.isEmpty()) {
                service.put("volumes", mounts);
            }
            Map<String, Object> dependsOn = new LinkedHashMap<>();
            for (String dependency : dependencies(id)) {
                if (exported.contains(dependency)) {
                    dependsOn.put(dependency, Map.of("condition", "service_healthy"));
                } else {
                    dropped.add(id + " depends on " + dependency + ", which is not exported: start it yourself");
                }
            }
            if (!dependsOn.isEmpty()) {
                service.put("depends_on", dependsOn);
            }
            // The supervisor's health policy, carried over: the same probe as often, failing as many times.
            SupervisionPolicy.Health policy = definition.supervision().health();
            Map<String, Object> health = new LinkedHashMap<>();
            health.put("test", image.healthcheck());
            health.put("interval", duration(policy.interval()));
            health.put("timeout", duration(policy.timeout()));
            health.put("retries", policy.failures());
            health.put("start_period", duration(definition.kind().spec().readyTimeout()));
            service.put("healthcheck", health);
            service.put("restart", restart(definition.supervision()));
            services.put(id, service);
            secrets.addAll(image.secrets());
            files.putAll(image.files());
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("services", services);
        if (!volumes.isEmpty()) {
            document.put("volumes", volumes);
        }
        String body;
        try {
            body = YAML.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write the Compose file", e);
        }
        return new Result(header(skipped, dropped) + body, files, List.copyOf(secrets), List.copyOf(exported),
                pulledIn, List.copyOf(skipped), List.copyOf(dropped));
    }

    /** The {@code .env} variable for a password of service {@code id}: {@code pg-main} is {@code PG_MAIN_PASSWORD}. */
    static String passwordVariable(String id) {
        String name = id.toUpperCase(Locale.ROOT).replace('-', '_') + "_PASSWORD";
        // An id may start with a digit, a variable may not; ids have no '_', so this cannot collide.
        return Character.isDigit(name.charAt(0)) ? "_" + name : name;
    }

    private static String header(List<Skipped> skipped, List<String> dropped) {
        StringBuilder b = new StringBuilder(HEADER).append(" from Stackyard's config; a new export overwrites it.\n")
                .append("# Run it with: docker compose up -d (or podman-compose up -d).\n")
                .append("# Passwords are variables of the .env beside this file (mode 0600): keep it out of version control.\n");
        if (!skipped.isEmpty() || !dropped.isEmpty()) {
            b.append("# Not exported:\n");
            skipped.forEach(s -> b.append("#   ").append(s.id()).append(" (").append(s.kind()).append("): ")
                    .append(s.reason().replace("\n", " ")).append('\n'));
            dropped.forEach(d -> b.append("#   ").append(d).append('\n'));
        }
        return b.toString();
    }

    /** Compose's restart policy nearest to the supervisor's: on-failure with its limit, always, never. */
    static String restart(SupervisionPolicy policy) {
        return switch (policy.restart()) {
            // Docker reads on-failure:0 as "no limit"; Stackyard's 0 means "never restart".
            case ON_FAILURE -> policy.maxRestarts() == 0 ? "no" : "on-failure:" + policy.maxRestarts();
            case ALWAYS -> "unless-stopped";
            case NEVER -> "no";
        };
    }

    /** A Compose duration: {@code 10s}, {@code 1m30s} is written {@code 90s}, {@code 500ms}. */
    static String duration(java.time.Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static Map<String, Object> mount(String type, String source, String target, boolean readOnly) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("source", source);
        m.put("target", target);
        if (readOnly) {
            m.put("read_only", true);
        }
        return m;
    }

    /** {@code roots} and everything they need, in config order. */
    private Set<String> closure(java.util.Collection<String> roots) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (seen.add(id)) {
                todo.addAll(dependencies(id));
            }
        }
        Set<String> ordered = new LinkedHashSet<>();
        byId.keySet().stream().filter(seen::contains).forEach(ordered::add);
        return ordered;
    }

    /** What {@code id} needs running first: its dependsOn, its kind's implied ones, its sites' php-fpm services. */
    private List<String> dependencies(String id) {
        ServiceDefinition definition = byId.get(id);
        Set<String> out = new LinkedHashSet<>(definition.dependsOn());
        out.addAll(definition.kind().spec().impliedDependencies(definition));
        sites(id).stream().map(Site::phpService).filter(Objects::nonNull).forEach(out::add);
        out.retainAll(byId.keySet());
        return List.copyOf(out);
    }

    /** The sites service {@code id} serves (only an nginx service serves any), resolved once per export. */
    private List<Site> sites(String id) {
        if (allSites == null) {
            allSites = new SiteResolver(config.services(), installations).resolve(config.sites());
        }
        return allSites.stream().filter(s -> s.served() && s.web().equals(id)).toList();
    }

    private ContainerSpec spec(String id) {
        ContainerSpec known = specs.get(id);
        if (known != null) {
            return known;
        }
        ServiceDefinition definition = byId.get(id);
        String version = installations.resolve(definition.kind(), definition.version())
                .map(Installation::version).orElse(definition.version());
        List<ContainerRequest.Site> sites = sites(id).stream().map(s -> {
            String dir = SITES + s.name();
            String relative = s.dir().relativize(s.root()).toString();
            return new ContainerRequest.Site(s.name(), s.dir(), dir, relative.isEmpty() ? dir : dir + "/" + relative,
                    s.phpService());
        }).toList();
        ContainerSpec spec = definition.kind().spec().container(new ContainerRequest(definition, version,
                passwordVariable(id), sites, this::address));
        specs.put(id, spec);
        return spec;
    }

    /** {@code HOST:PORT} of service {@code id} in the Compose network, when it is exported with a port. */
    private Optional<String> address(String id) {
        if (!byId.containsKey(id)) {
            return Optional.empty();
        }
        return spec(id) instanceof ContainerSpec.Image image && image.port() != null
                ? Optional.of(id + ":" + image.port()) : Optional.empty();
    }
}
