package dev.stackyard.core.service;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * One kind of service Stackyard runs, as a value: its name (as written in the config file and the
 * CLI) and the {@link Kind} descriptor that knows everything else about it.
 *
 * <p>The kinds are not listed in code: they are {@link ServiceLoader} providers of {@link Kind},
 * each registered by one line (its class name) in
 * {@code META-INF/services/dev.stackyard.core.service.Kind}. Adding a kind is one package under
 * {@code core.service.kind} and that one line; a test registers a kind of its own the same way
 * from the test tree. See {@code docs/adding-a-kind.md}.
 *
 * <p>There is exactly one instance per registered name, so {@code ==} and {@link #equals} agree.
 * Code outside the kinds' own packages (and the sites code) never names a particular kind: it asks
 * the descriptor ({@code kind.spec().instances()}, {@code versions()}, {@code opensPage()}...).
 * The registry is loaded once, on first use, from this class's class loader; thread-safe.
 */
public final class ServiceKind {
    private final String configName;
    private final Kind spec;

    private ServiceKind(Kind spec) {
        this.configName = spec.name();
        this.spec = spec;
    }

    /** The spelling in {@code stackyard.yaml} and on the command line: {@code nginx}, {@code postgres}... */
    public String configName() {
        return configName;
    }

    /** Everything else about the kind. */
    public Kind spec() {
        return spec;
    }

    /**
     * Every registered kind: Stackyard's own in the order of its {@code META-INF/services} lines,
     * then any registered from elsewhere (a plugin jar, the test tree).
     */
    public static List<ServiceKind> all() {
        return Registry.KINDS;
    }

    /** The kind named {@code name} in the config or on the command line, if one is registered (empty for null: an entry with no kind). */
    public static Optional<ServiceKind> fromConfigName(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(Registry.BY_NAME.get(name));
    }

    /**
     * The kind named {@code name}, for code that is about that kind by nature: the kind's own
     * package, the sites code (nginx, php-fpm) and tests. Everything else asks the descriptor
     * (an ArchUnit rule holds that).
     *
     * @throws IllegalArgumentException when no kind of that name is registered
     */
    public static ServiceKind named(String name) {
        return fromConfigName(name).orElseThrow(() -> new IllegalArgumentException(
                "no kind named '" + name + "' is registered; known: " + String.join(", ", names())));
    }

    /** The names of every registered kind, for messages ("kind must be one of ..."). */
    public static List<String> names() {
        return all().stream().map(ServiceKind::configName).toList();
    }

    @Override
    public String toString() {
        return configName;
    }

    /** The system property that, set to false, limits the kinds to Stackyard's own (see Registry.registered). */
    public static final String PLUGINS = "stackyard.kindPlugins";

    /** Holder idiom: loaded on first use, once. */
    private static final class Registry {
        static final List<ServiceKind> KINDS;
        static final Map<String, ServiceKind> BY_NAME;

        static {
            Map<String, ServiceKind> byName = new LinkedHashMap<>();
            List<ServiceKind> kinds = new ArrayList<>();
            for (Kind spec : registered()) {
                ServiceKind kind = new ServiceKind(spec);
                ServiceKind clash = byName.putIfAbsent(kind.configName, kind);
                if (clash != null) {
                    throw new IllegalStateException("two kinds are registered as '" + kind.configName + "': "
                            + clash.spec.getClass().getName() + " and " + spec.getClass().getName());
                }
                kinds.add(kind);
            }
            // Stackyard's own kinds first, in their file's order, then kinds registered from elsewhere
            // (another jar, the test tree): the class path's order would otherwise put those first.
            kinds.sort(Comparator.comparing(k -> !shipped(k.spec)));
            KINDS = List.copyOf(kinds);
            BY_NAME = Map.copyOf(byName);
        }

        /**
         * Every registered descriptor: through the {@link ServiceLoader}, or, when the system
         * property {@value #PLUGINS} is false (app/Main sets it: the app's class path is its own
         * jars, so nothing else registers a kind there), only the lines of this class's own
         * registration file. The service loader reads the index of every jar on the class path to
         * find the files of that name (31 jars in the package: tens of milliseconds of each CLI
         * call); the own file is the first of that name on the class path, found in this jar.
         */
        private static Iterable<Kind> registered() {
            if (Boolean.parseBoolean(System.getProperty(PLUGINS, "true"))) {
                return ServiceLoader.load(Kind.class, ServiceKind.class.getClassLoader());
            }
            URL own = ServiceKind.class.getResource("/META-INF/services/" + Kind.class.getName());
            if (own == null) {
                throw new IllegalStateException("no kind registration file beside " + ServiceKind.class.getName());
            }
            List<Kind> specs = new ArrayList<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(own.openStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    String name = line.replaceFirst("#.*", "").strip();
                    if (!name.isEmpty()) {
                        specs.add(Class.forName(name, true, ServiceKind.class.getClassLoader())
                                .asSubclass(Kind.class).getConstructor().newInstance());
                    }
                }
            } catch (IOException | ReflectiveOperationException e) {
                throw new IllegalStateException("cannot load the kinds registered in " + own + ": " + e, e);
            }
            return specs;
        }

        private static boolean shipped(Kind spec) {
            CodeSource own = ServiceKind.class.getProtectionDomain().getCodeSource();
            CodeSource its = spec.getClass().getProtectionDomain().getCodeSource();
            return own != null && its != null && Objects.equals(own.getLocation(), its.getLocation());
        }
    }
}
