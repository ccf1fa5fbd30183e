package dev.stackyard.cli;

import dev.stackyard.core.service.Kind;
import dev.stackyard.core.service.ServiceKind;

import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The kind names a command takes, from the registered kinds' descriptors (never a list of names in
 * the CLI): picocli shows them as {@code ${COMPLETION-CANDIDATES}} in the help, and the commands
 * name them in their messages.
 */
final class KindNames {
    private KindNames() {
    }

    /** Names of the registered kinds whose descriptor passes {@code which}, in registration order. */
    static List<String> of(Predicate<Kind> which) {
        return ServiceKind.all().stream().filter(k -> which.test(k.spec())).map(ServiceKind::configName).toList();
    }

    /** "postgres, redis or nginx". */
    static String sentence(Predicate<Kind> which) {
        List<String> names = of(which);
        if (names.size() < 2) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.getLast();
    }

    static boolean versioned(Kind k) {
        return k.versions().versioned();
    }

    static boolean installable(Kind k) {
        return k.versions() == Kind.VersionSource.SYSTEM_AND_MAVEN;
    }

    static boolean instances(Kind k) {
        return k.instances().isPresent();
    }

    /** For {@code versions}. */
    static final class Versioned implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return of(KindNames::versioned).iterator();
        }
    }

    /** For {@code install} and {@code uninstall}. */
    static final class Installable implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return of(KindNames::installable).iterator();
        }
    }

    /** For {@code add}. */
    static final class Instances implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return of(KindNames::instances).iterator();
        }
    }
}
