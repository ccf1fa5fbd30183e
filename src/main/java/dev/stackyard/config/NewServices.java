package dev.stackyard.config;

import dev.stackyard.core.service.Kind;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.Versions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import java.util.regex.Pattern;

/**
 * The one add flow: which kinds can be added, and the rules a new instance's id, version and port
 * follow, in one place for the config reader, the CLI's {@code add} and the window's Add dialog.
 * What a kind's new instance looks like (its first port, its data folder) comes from its
 * descriptor ({@link Kind#instances()}). Pure; the callers look up what is installed and what
 * listens.
 */
public final class NewServices {
    /** A service id: it names files and folders, so it stays short and plain. */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    /** {@link #ID} in words, for messages. */
    public static final String ID_RULE =
            "use lowercase letters, digits and dashes, starting with a letter or digit (at most 40)";

    private NewServices() {
    }

    public static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** Why {@code id} cannot name a new service beside {@code existing}, if it cannot. */
    public static Optional<String> idProblem(String id, Set<String> existing) {
        if (!validId(id)) {
            return Optional.of("'" + id + "' is not a valid id: " + ID_RULE);
        }
        if (existing.contains(id)) {
            return Optional.of("a service named '" + id + "' already exists");
        }
        return Optional.empty();
    }

    /**
     * The first port at or above {@code from} that is free now and that no configured service
     * uses.
     *
     * @param findFree the first port at or above its argument that nothing listens on now
     *                 ({@code PortCheck::findFree} outside tests)
     */
    public static int nextFreePort(int from, Set<Integer> configured, IntUnaryOperator findFree) {
        int p = from;
        while (true) {
            p = findFree.applyAsInt(p);
            if (!configured.contains(p)) {
                return p;
            }
            p++;
        }
    }

    /** The kinds {@code add} and the Add dialog offer: those whose descriptor has instances, in registration order. */
    public static List<ServiceKind> instanceKinds() {
        return ServiceKind.all().stream().filter(k -> k.spec().instances().isPresent()).toList();
    }

    /** The kind named {@code name} if new instances of it can be added; else why not. */
    public static ServiceKind instanceKind(String name) throws IllegalArgumentException {
        Optional<ServiceKind> kind = ServiceKind.fromConfigName(name);
        if (kind.isEmpty() || kind.get().spec().instances().isEmpty()) {
            String offered = String.join(", ", instanceKinds().stream().map(ServiceKind::configName).toList());
            throw new IllegalArgumentException((kind.isEmpty() ? "unknown kind '" + name + "'"
                    : name + " is configured by hand (edit stackyard.yaml)") + "; add takes " + offered);
        }
        return kind.get();
    }

    /**
     * Why {@code version} cannot be asked of a new {@code kind} instance, if it cannot.
     *
     * @param installed the exact versions installed, newest first
     */
    public static Optional<String> versionProblem(ServiceKind kind, String version, List<String> installed) {
        if (version == null || installed.stream().anyMatch(v -> Versions.matches(version, v))) {
            return Optional.empty();
        }
        String hint = kind.spec().versions() == Kind.VersionSource.SYSTEM_AND_MAVEN
                ? "; install it with: stackyard install " + kind + " " + version : "";
        return Optional.of(kind.spec().title() + " " + version + " is not installed; installed: "
                + (installed.isEmpty() ? "none" : String.join(", ", installed)) + hint);
    }

    /** The majors of {@code installed} (newest first, one each): a service asks for "17" and runs the newest 17.x. */
    public static List<String> majors(List<String> installed) {
        return installed.stream().map(Versions::major).distinct().toList();
    }

    /** Which configured service uses each port. */
    public static Map<Integer, String> portOwners(List<ServiceSnapshot> services) {
        Map<Integer, String> owners = new LinkedHashMap<>();
        for (ServiceSnapshot s : services) {
            if (s.port() != null) {
                owners.putIfAbsent(s.port(), s.id());
            }
        }
        return owners;
    }

    /** Why {@code port} cannot be a new service's, judging by the config alone, if it cannot. */
    public static Optional<String> portProblem(int port, Map<Integer, String> owners) {
        if (port < 1 || port > 65535) {
            return Optional.of("port " + port + " is out of range 1..65535");
        }
        String owner = owners.get(port);
        return owner == null ? Optional.empty() : Optional.of("port " + port + " is already used by '" + owner + "'");
    }

    /** The first port from the kind's {@code firstPort} (postgres: 5432) that is free now and not configured. */
    public static int suggestedPort(ServiceKind kind, Set<Integer> configured, IntUnaryOperator findFree) {
        return nextFreePort(kind.spec().instances().orElseThrow().firstPort(), configured, findFree);
    }

    /**
     * The new instance's definition with the kind's defaults for new services ({@link Kind#newInstance});
     * its data folder is the kind's default (see {@link Kind.Instances}).
     */
    public static ServiceDefinition instance(ServiceKind kind, String id, String version, int port) {
        return kind.spec().newInstance(ServiceDefinition.builder(id, kind).version(version).port(port).build());
    }
}
