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

    public static void apply(boolean dark) {
        Application.setUserAgentStylesheet(dark
                ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }
}
