package dev.stackyard.cli;

import dev.stackyard.usecase.StartAtLogin;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stackyard autostart on|off|status}: Stackyard's XDG autostart entry (the View menu's "Start Stackyard at login"). */
final class AutostartCommand extends StackyardCli.Base {
    enum Action { on, off, status }

    Action action;

    @Override
    CommandSpec model() {
        CommandSpec model = CommandModel.command(this, "autostart",
                "Starts Stackyard at login, hidden in the tray (on), no longer (off), or says which (status).");
        model.addPositional(CommandModel.positional("on|off|status", "1", Action.class, () -> action, v -> action = v)
                .description("${COMPLETION-CANDIDATES}").build());
        return model;
    }

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
