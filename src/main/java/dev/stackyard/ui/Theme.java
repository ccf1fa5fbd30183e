package dev.stackyard.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;

/** The AtlantaFX Primer theme, light or dark, for every window of the app. UI thread. */
public final class Theme {
    private Theme() {
    }

    /** Light unless {@code -Dstackyard.theme=dark} or {@code STACKYARD_THEME=dark}. */
    public static boolean darkByDefault() {
        String choice = System.getProperty("stackyard.theme", System.getenv().getOrDefault("STACKYARD_THEME", "light"));
        return "dark".equalsIgnoreCase(choice.strip());
    }

    /**
     * Sets the theme, in its binary (pre-parsed) form, unless it is set already. Called before the
     * first control is made, it also spares JavaFX loading its own default theme (Modena), which
     * the first control loads when no theme is set: a start-up cost for nothing.
     */
    public static void apply(boolean dark) {
        String sheet = dark ? new PrimerDark().getUserAgentStylesheetBSS() : new PrimerLight().getUserAgentStylesheetBSS();
        if (!sheet.equals(Application.getUserAgentStylesheet())) {
            Application.setUserAgentStylesheet(sheet);
        }
    }
}
