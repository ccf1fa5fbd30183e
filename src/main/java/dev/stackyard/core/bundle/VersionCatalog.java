package dev.stackyard.core.bundle;

import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.Installations;
import dev.stackyard.core.service.ServiceKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What is installed of each kind (system packages and bundles) and what the repository offers: the
 * one listing behind {@code stackyard versions} and the Versions window. Reading the repository is
 * network I/O: never call this on the FX thread.
 */
public final class VersionCatalog {
    private VersionCatalog() {
    }

    /**
     * One kind's versions.
     *
     * @param installed   newest first, from {@link Installations} (rescanned)
     * @param installable exact versions the repository offers, newest first; empty when the kind has
     *                    no source or the repository could not be read
     * @param installableError why {@code installable} is empty because of a failure, else null
     */
    public record KindVersions(ServiceKind kind, List<Installation> installed, List<String> installable,
                               String installableError) {
        public KindVersions {
            installed = List.copyOf(installed);
            installable = List.copyOf(installable);
        }

        /** Installable versions not installed yet. */
        public List<String> notInstalled() {
            return installable.stream().filter(v -> installed.stream().noneMatch(i -> i.version().equals(v))).toList();
        }
    }

    /** The kinds that have versions (not {@code process}), in registration order, or just {@code only}. */
    public static List<ServiceKind> kinds(ServiceKind only) {
        if (only != null) {
            return List.of(only);
        }
        return ServiceKind.all().stream().filter(k -> k.spec().versions().versioned()).toList();
    }

    /** Lists {@code kinds}; {@code repository} null lists only what is installed. */
    public static List<KindVersions> list(List<ServiceKind> kinds, Installations installations, BundleSources sources,
                                          MavenRepository repository) {
        installations.rescan();
        List<KindVersions> out = new ArrayList<>();
        for (ServiceKind kind : kinds) {
            List<String> installable = List.of();
            String error = null;
            if (repository != null && sources.get(kind).isPresent()) {
                try {
                    installable = sources.get(kind).get().installable(repository);
                } catch (BundleException e) {
                    error = e.getMessage();
                }
            }
            out.add(new KindVersions(kind, installations.find(kind), installable, error));
        }
        return out;
    }

    /** "5.1 MiB of 14.3 MiB (36%)", or "5.1 MiB" when the total is unknown. */
    public static String progressText(long done, long total) {
        if (total <= 0) {
            return mib(done);
        }
        return mib(done) + " of " + mib(total) + " (" + (done * 100 / total) + "%)";
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
