package dev.stackyard.tray;

import dev.stackyard.tray.dbus.DbusMenu;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * The exported {@code /MenuBar} object ({@code com.canonical.dbusmenu}): a flat menu under the
 * root (id 0) built from {@link TrayMenu} entries. {@link #show} replaces the entries and says
 * which signal to send; D-Bus threads read them.
 */
final class SniMenu implements DbusMenu, Properties {
    private final IntPredicate onClick;
    private volatile Shown shown = new Shown(1, List.of());

    /** What is shown, replaced as a whole. */
    private record Shown(long revision, List<TrayMenu.Entry> entries) {
    }

    /** @param onClick runs the command of an entry id; false when the id is unknown */
    SniMenu(IntPredicate onClick) {
        this.onClick = onClick;
    }

    List<TrayMenu.Entry> entries() {
        return shown.entries();
    }

    long revision() {
        return shown.revision();
    }

    /**
     * Replaces the entries. Returns true when the layout changed (ids added, removed or moved):
     * then the revision went up and hosts must be sent LayoutUpdated; else only properties changed.
     */
    synchronized boolean show(List<TrayMenu.Entry> entries) {
        Shown before = shown;
        boolean layout = !TrayMenu.sameShape(before.entries(), entries);
        shown = new Shown(layout ? before.revision() + 1 : before.revision(), List.copyOf(entries));
        return layout;
    }

    static Map<String, Variant<?>> properties(TrayMenu.Entry e) {
        Map<String, Variant<?>> p = new LinkedHashMap<>();
        if (e.separator()) {
            p.put("type", new Variant<>("separator"));
            return p;
        }
        p.put("label", new Variant<>(e.label()));
        p.put("enabled", new Variant<>(e.enabled()));
        p.put("visible", new Variant<>(true));
        return p;
    }

    private static Map<String, Variant<?>> filtered(Map<String, Variant<?>> all, List<String> names) {
        if (names == null || names.isEmpty()) {
            return all;
        }
        Map<String, Variant<?>> out = new LinkedHashMap<>();
        all.forEach((k, v) -> {
            if (names.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    @Override
    public String getObjectPath() {
        return PATH;
    }

    @Override
    public Layout<UInt32, Node> GetLayout(int parentId, int recursionDepth, List<String> propertyNames) {
        Shown s = shown;
        List<Variant<?>> children = new ArrayList<>();
        if (parentId == 0 && recursionDepth != 0) {
            for (TrayMenu.Entry e : s.entries()) {
                children.add(new Variant<>(new Node(e.id(), filtered(properties(e), propertyNames), List.of()),
                        Node.SIGNATURE));
            }
        }
        Map<String, Variant<?>> props;
        if (parentId == 0) {
            props = new LinkedHashMap<>();
            props.put("children-display", new Variant<>("submenu"));
        } else {
            props = s.entries().stream().filter(e -> e.id() == parentId).findFirst()
                    .map(e -> filtered(properties(e), propertyNames)).orElse(Map.of());
        }
        return new Layout<>(new UInt32(s.revision()), new Node(parentId, props, children));
    }

    @Override
    public List<ItemProperties> GetGroupProperties(List<Integer> ids, List<String> propertyNames) {
        List<ItemProperties> out = new ArrayList<>();
        for (TrayMenu.Entry e : shown.entries()) {
            if (ids.isEmpty() || ids.contains(e.id())) {
                out.add(new ItemProperties(e.id(), filtered(properties(e), propertyNames)));
            }
        }
        return out;
    }

    @Override
    public Variant<?> GetProperty(int id, String name) {
        for (TrayMenu.Entry e : shown.entries()) {
            if (e.id() == id) {
                Variant<?> v = properties(e).get(name);
                if (v != null) {
                    return v;
                }
            }
        }
        throw new IllegalArgumentException("item " + id + " has no property " + name);
    }

    @Override
    public void Event(int id, String eventId, Variant<?> data, UInt32 timestamp) {
        if ("clicked".equals(eventId)) {
            onClick.test(id);
        }
    }

    @Override
    public List<Integer> EventGroup(List<EventItem> events) {
        List<Integer> errors = new ArrayList<>();
        for (EventItem e : events) {
            if ("clicked".equals(e.getEventId()) && !onClick.test(e.getId())) {
                errors.add(e.getId());
            }
        }
        return errors;
    }

    @Override
    public boolean AboutToShow(int id) {
        return false; // the entries are always current
    }

    @Override
    public ShowGroupReply<List<Integer>, List<Integer>> AboutToShowGroup(List<Integer> ids) {
        return new ShowGroupReply<>(List.of(), List.of());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A> A Get(String iface, String name) {
        Variant<?> v = GetAll(iface).get(name);
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
        Map<String, Variant<?>> p = new LinkedHashMap<>();
        p.put("Version", new Variant<>(new UInt32(3)));
        p.put("TextDirection", new Variant<>("ltr"));
        p.put("Status", new Variant<>("normal"));
        p.put("IconThemePath", new Variant<>(List.of(), "as"));
        return p;
    }
}
