package dev.stackyard.ui;

import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;

/** Feather icons; they take the text colour of their control, so they read in light and dark. */
final class Icons {
    private Icons() {
    }

    static FontIcon of(Ikon ikon) {
        FontIcon icon = new FontIcon(ikon);
        icon.getStyleClass().add("sy-icon");
        return icon;
    }
}
