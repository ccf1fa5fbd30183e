package dev.stackyard.config;

import java.util.Optional;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import java.util.regex.Pattern;

/**
 * The rules a new service's id and port follow, in one place for the config reader, the CLI's
 * {@code add} and the window's add dialog.
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
}
