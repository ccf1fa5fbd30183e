package dev.stackyard.core.site;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Site names are DNS labels, as the name is the first label of {@code NAME.localhost}: lowercase
 * letters, digits and inner dashes, 1 to 63 characters. Lowercase only, so the name in the config,
 * the certificate and the URL are spelled the same way.
 */
public final class SiteNames {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private SiteNames() {
    }

    public static boolean valid(String name) {
        return name != null && LABEL.matcher(name).matches();
    }

    /** Why {@code name} is not valid, as a sentence; empty when it is. */
    public static Optional<String> problem(String name) {
        if (valid(name)) {
            return Optional.empty();
        }
        return Optional.of("'" + name + "' is not a valid site name: use lowercase letters, digits and inner dashes, "
                + "at most 63 characters (it becomes NAME.localhost)");
    }

    /**
     * A folder name made DNS-safe: lowercased, every run of other characters turned into one dash,
     * dashes trimmed from the ends, cut to 63 characters ("My App_2" → "my-app-2"). Empty when
     * nothing usable is left.
     */
    public static Optional<String> fromFolder(String folder) {
        String s = folder.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > 63) {
            s = s.substring(0, 63).replaceAll("-+$", "");
        }
        return valid(s) ? Optional.of(s) : Optional.empty();
    }
}
