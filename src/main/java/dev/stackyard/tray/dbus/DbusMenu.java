package dev.stackyard.tray.dbus;

import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.Tuple;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

import java.util.List;
import java.util.Map;

/**
 * {@code com.canonical.dbusmenu}: the tray icon's menu, which the host draws. Items have integer
 * ids and a property map ({@code label}, {@code enabled}, {@code type}, ...); id 0 is the root.
 */
@DBusInterfaceName(DbusMenu.INTERFACE)
public interface DbusMenu extends DBusInterface {
    String INTERFACE = "com.canonical.dbusmenu";
    String PATH = "/MenuBar";

    /** The layout under {@code parentId}, {@code recursionDepth} levels deep (-1: all). */
    Layout<UInt32, Node> GetLayout(int parentId, int recursionDepth, List<String> propertyNames);

    List<ItemProperties> GetGroupProperties(List<Integer> ids, List<String> propertyNames);

    Variant<?> GetProperty(int id, String name);

    /** The person did something to item {@code id}; {@code eventId} "clicked" is the one that matters. */
    void Event(int id, String eventId, Variant<?> data, UInt32 timestamp);

    List<Integer> EventGroup(List<EventItem> events);

    boolean AboutToShow(int id);

    ShowGroupReply<List<Integer>, List<Integer>> AboutToShowGroup(List<Integer> ids);

    /**
     * The two out-arguments of GetLayout: the layout's revision ({@link UInt32}) and its root
     * {@link Node}. Generic because dbus-java reads a tuple's D-Bus types from the method's type
     * arguments.
     */
    final class Layout<R, N> extends Tuple {
        @Position(0)
        private final R revision;
        @Position(1)
        private final N root;

        public Layout(R revision, N root) {
            this.revision = revision;
            this.root = root;
        }

        public R getRevision() {
            return revision;
        }

        public N getRoot() {
            return root;
        }
    }

    /** One menu item, {@code (ia{sv}av)}: id, properties, children (each a variant holding a Node). */
    final class Node extends Struct {
        public static final String SIGNATURE = "(ia{sv}av)";
        @Position(0)
        private final int id;
        @Position(1)
        private final Map<String, Variant<?>> properties;
        @Position(2)
        private final List<Variant<?>> children;

        public Node(int id, Map<String, Variant<?>> properties, List<Variant<?>> children) {
            this.id = id;
            this.properties = properties;
            this.children = children;
        }

        public int getId() {
            return id;
        }

        public Map<String, Variant<?>> getProperties() {
            return properties;
        }

        public List<Variant<?>> getChildren() {
            return children;
        }
    }

    /** {@code (ia{sv})}: an item's id with (some of) its properties. */
    final class ItemProperties extends Struct {
        @Position(0)
        private final int id;
        @Position(1)
        private final Map<String, Variant<?>> properties;

        public ItemProperties(int id, Map<String, Variant<?>> properties) {
            this.id = id;
            this.properties = properties;
        }

        public int getId() {
            return id;
        }

        public Map<String, Variant<?>> getProperties() {
            return properties;
        }
    }

    /** {@code (ias)}: property names an item no longer has. */
    final class RemovedProperties extends Struct {
        @Position(0)
        private final int id;
        @Position(1)
        private final List<String> names;

        public RemovedProperties(int id, List<String> names) {
            this.id = id;
            this.names = names;
        }

        public int getId() {
            return id;
        }

        public List<String> getNames() {
            return names;
        }
    }

    /** {@code (isvu)}: one event of EventGroup. */
    final class EventItem extends Struct {
        @Position(0)
        private final int id;
        @Position(1)
        private final String eventId;
        @Position(2)
        private final Variant<?> data;
        @Position(3)
        private final UInt32 timestamp;

        public EventItem(int id, String eventId, Variant<?> data, UInt32 timestamp) {
            this.id = id;
            this.eventId = eventId;
            this.data = data;
            this.timestamp = timestamp;
        }

        public int getId() {
            return id;
        }

        public String getEventId() {
            return eventId;
        }

        public Variant<?> getData() {
            return data;
        }

        public UInt32 getTimestamp() {
            return timestamp;
        }
    }

    /**
     * The two out-arguments of AboutToShowGroup (updates needed, id errors). Generic because
     * dbus-java reads a tuple's D-Bus types from the method's type arguments.
     */
    final class ShowGroupReply<A, B> extends Tuple {
        @Position(0)
        private final A updatesNeeded;
        @Position(1)
        private final B idErrors;

        public ShowGroupReply(A updatesNeeded, B idErrors) {
            this.updatesNeeded = updatesNeeded;
            this.idErrors = idErrors;
        }

        public A getUpdatesNeeded() {
            return updatesNeeded;
        }

        public B getIdErrors() {
            return idErrors;
        }
    }

    /** The whole layout under {@code parent} changed; hosts call GetLayout again. */
    class LayoutUpdated extends DBusSignal {
        private final UInt32 revision;
        private final int parent;

        public LayoutUpdated(String path, UInt32 revision, int parent) throws DBusException {
            super(path, revision, parent);
            this.revision = revision;
            this.parent = parent;
        }

        public UInt32 getRevision() {
            return revision;
        }

        public int getParent() {
            return parent;
        }
    }

    /** Some items' properties changed (a service's label after its state changed). */
    class ItemsPropertiesUpdated extends DBusSignal {
        private final List<ItemProperties> updated;
        private final List<RemovedProperties> removed;

        public ItemsPropertiesUpdated(String path, List<ItemProperties> updated, List<RemovedProperties> removed)
                throws DBusException {
            super(path, updated, removed);
            this.updated = updated;
            this.removed = removed;
        }

        public List<ItemProperties> getUpdated() {
            return updated;
        }

        public List<RemovedProperties> getRemoved() {
            return removed;
        }
    }
}
