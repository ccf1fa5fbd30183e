package dev.stackyard.tray.dbus;

import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;

import java.util.List;

/** {@code (sa(iiay)ss)}: a StatusNotifierItem tooltip: icon name, icon pixmaps, title, text. */
public final class ToolTip extends Struct {
    @Position(0)
    private final String iconName;
    @Position(1)
    private final List<IconPixmap> iconPixmaps;
    @Position(2)
    private final String title;
    @Position(3)
    private final String text;

    public ToolTip(String iconName, List<IconPixmap> iconPixmaps, String title, String text) {
        this.iconName = iconName;
        this.iconPixmaps = iconPixmaps;
        this.title = title;
        this.text = text;
    }

    public String getIconName() {
        return iconName;
    }

    public List<IconPixmap> getIconPixmaps() {
        return iconPixmaps;
    }

    public String getTitle() {
        return title;
    }

    public String getText() {
        return text;
    }
}
