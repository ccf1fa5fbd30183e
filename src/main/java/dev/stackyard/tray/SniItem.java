package dev.stackyard.tray;

import dev.stackyard.tray.dbus.DbusMenu;
import dev.stackyard.tray.dbus.IconPixmap;
import dev.stackyard.tray.dbus.StatusNotifierItem;
import dev.stackyard.tray.dbus.ToolTip;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exported {@code /StatusNotifierItem} object: its properties describe the icon (id
 * "stackyard", title, status, pixmaps, tooltip, menu path); clicking it opens the window. The
 * status is replaced by {@link #show(TrayStatus)}; D-Bus threads read it.
 */
final class SniItem implements StatusNotifierItem, Properties {
    static final String ID = "stackyard";
    static final String TITLE = "Stackyard";

    private final TrayIcons icons;
    private final TrayActions actions;
    private volatile TrayStatus status = new TrayStatus(0, 0, 0);

    SniItem(TrayIcons icons, TrayActions actions) {
        this.icons = icons;
        this.actions = actions;
    }

    void show(TrayStatus next) {
        status = next;
    }

    @Override
    public String getObjectPath() {
        return PATH;
    }

    @Override
    public void Activate(int x, int y) {
        actions.openWindow();
    }

    @Override
    public void SecondaryActivate(int x, int y) {
        actions.openWindow();
    }

    @Override
    public void ContextMenu(int x, int y) {
        // Every host we target draws the dbusmenu itself (ItemIsMenu is false, Menu is set).
    }

    @Override
    public void Scroll(int delta, String orientation) {
        // Nothing to scroll through.
    }

    private List<IconPixmap> pixmaps(TrayStatus.Look look) {
        List<IconPixmap> out = new ArrayList<>();
        for (int size : TrayIcons.SIZES) {
            BufferedImage img = icons.image(look, size);
            out.add(new IconPixmap(size, size, TrayIcons.argbBigEndian(img)));
        }
        return out;
    }

    private Map<String, Variant<?>> properties() {
        TrayStatus s = status;
        Map<String, Variant<?>> p = new LinkedHashMap<>();
        p.put("Category", new Variant<>("ApplicationStatus"));
        p.put("Id", new Variant<>(ID));
        p.put("Title", new Variant<>(TITLE));
        p.put("Status", new Variant<>(s.sniStatus()));
        p.put("WindowId", new Variant<>(0));
        // No theme icon of ours is installed: hosts draw the pixmaps.
        p.put("IconName", new Variant<>(""));
        p.put("IconPixmap", new Variant<>(pixmaps(s.look()), "a(iiay)"));
        p.put("AttentionIconName", new Variant<>(""));
        p.put("AttentionIconPixmap", new Variant<>(pixmaps(TrayStatus.Look.ATTENTION), "a(iiay)"));
        p.put("OverlayIconName", new Variant<>(""));
        p.put("ToolTip", new Variant<>(new ToolTip("", List.of(), TITLE, s.tooltip()), "(sa(iiay)ss)"));
        p.put("ItemIsMenu", new Variant<>(false));
        p.put("Menu", new Variant<>(new DBusPath(DbusMenu.PATH)));
        return p;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A> A Get(String iface, String name) {
        Variant<?> v = properties().get(name);
        if (v == null) {
            throw new IllegalArgumentException("no property " + name + " on " + iface);
        }
        return (A) v;
    }

    @Override
    public <A> void Set(String iface, String name, A value) {
        throw new UnsupportedOperationException("the properties of " + INTERFACE + " are read-only");
    }

    @Override
    public Map<String, Variant<?>> GetAll(String iface) {
        return INTERFACE.equals(iface) ? properties() : Map.of();
    }
}
