package dev.stackyard.ui;

import dev.stackyard.config.ConfigException;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.service.ServiceSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The sentences the window shows for outcomes, failures and config problems; pure functions. */
final class OutcomeText {

    private OutcomeText() {
    }

    /** "started cache, worker; busy failed: port 6380 is already in use..." */
    static String summary(String verb, Map<String, ServiceRegistry.Outcome> outcomes) {
        List<String> ok = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        outcomes.forEach((id, o) -> {
            if (o != null && o.ok()) {
                ok.add(id);
            } else {
                failed.add(o == null || o.error() == null ? id : o.error().getMessage());
            }
        });
        StringBuilder b = new StringBuilder();
        if (!ok.isEmpty()) {
            b.append(Character.toUpperCase(verb.charAt(0))).append(verb.substring(1)).append(' ')
                    .append(String.join(", ", ok));
        }
        if (!failed.isEmpty()) {
            if (!b.isEmpty()) {
                b.append("; ");
            }
            b.append(String.join("; ", failed));
        }
        return b.isEmpty() ? "Nothing to do" : b.toString();
    }

    /** What the status line says after service {@code id} was removed, {@code deleted} being the folders deleted. */
    static String removed(String id, boolean deleteData, List<java.nio.file.Path> deleted) {
        return !deleteData ? "Removed " + id + "; its data was kept"
                : deleted.isEmpty() ? "Removed " + id + "; it had no data yet"
                : "Removed " + id + " and deleted " + deleted.stream().map(Object::toString)
                        .collect(java.util.stream.Collectors.joining(", "));
    }

    /** The failure of a row with its log tail, for the details dialog. */
    static UserError details(ServiceRowViewModel row) {
        ServiceSnapshot s = row.snapshot();
        String summary = s.lastError() != null ? s.lastError() : row.id() + " is " + s.state().name().toLowerCase();
        return s.logTail().isEmpty()
                ? new UserError(summary, "Its log is in the log pane below the list.", "", null)
                : UserError.withLog(summary, "The last lines of its log are below; the log pane shows all of it.",
                        s.logTail());
    }

    /** What the window says when the config cannot be loaded. */
    static UserError configProblem(ConfigException e) {
        return new UserError(e.file().getFileName() + " is not valid, so its services cannot be shown.",
                "Fix the problems below in " + e.file() + "; the window applies the file once it is saved"
                        + " (File > Reload config does it at once).",
                e.getMessage(), null);
    }

    /** The banner's text: what is wrong (path and line of each problem) and that nothing changed. */
    static String configBanner(ConfigException e) {
        return e.getMessage() + System.lineSeparator()
                + "The services below are from the last valid config; saving a fixed file applies it.";
    }
}
