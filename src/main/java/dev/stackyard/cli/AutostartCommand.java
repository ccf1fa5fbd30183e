package dev.stackyard.cli;

import dev.stackyard.usecase.StartAtLogin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code stackyard autostart on|off|status}: Stackyard's XDG autostart entry (the View menu's "Start Stackyard at login"). */
@Command(name = "autostart", description = "Starts Stackyard at login, hidden in the tray (on), no longer (off), or says which (status).")
final class AutostartCommand extends StackyardCli.Base {
    enum Action { on, off, status }

    @Parameters(paramLabel = "on|off|status", arity = "1", description = "${COMPLETION-CANDIDATES}")
    Action action;

    @Override
    public Integer call() throws Exception {
        StartAtLogin login = context.startAtLogin();
        StartAtLogin.Status status = switch (action) {
            case on -> login.enable();
            case off -> login.disable();
            case status -> login.status();
        };
        out().println(describe(status));
        return StackyardCli.OK;
    }

    static String describe(StartAtLogin.Status status) {
        return switch (status.state()) {
            case ON -> "on: Stackyard starts at login, hidden in the tray (" + status.entry() + ")";
            case OFF -> "off: Stackyard does not start at login (no " + status.entry() + ")";
            case DISABLED -> "off: the desktop's settings turned " + status.entry() + " off (`stackyard autostart on` turns it on again)";
            case FOREIGN -> "not Stackyard's: " + status.entry() + " was not written by Stackyard and is left as it is";
        };
    }
}
