/**
 * The D-Bus interfaces the tray speaks (StatusNotifierItem, its watcher, dbusmenu, desktop
 * notifications), as dbus-java types. Public so that tests can implement the other side.
 */
package dev.stackyard.tray.dbus;
