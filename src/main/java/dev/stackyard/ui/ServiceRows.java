package dev.stackyard.ui;

import dev.stackyard.core.service.ServiceSnapshot;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Row bookkeeping of the main window: the row list kept in config order (row objects, and so the
 * table's selection, survive by id), the pending marks, and the toolbar's Start all / Stop all
 * that follow from them. UI thread only.
 */
final class ServiceRows {

    private final ObservableList<ServiceRowViewModel> rows = FXCollections.observableArrayList();
    private final ObservableList<ServiceRowViewModel> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyBooleanWrapper canStartAll;
    private final ReadOnlyBooleanWrapper canStopAll;
    private final BooleanSupplier quitting;

    /** {@code owner} is the bean the toolbar properties belong to; while {@code quitting}, nothing can be started or stopped. */
    ServiceRows(Object owner, BooleanSupplier quitting) {
        this.canStartAll = new ReadOnlyBooleanWrapper(owner, "canStartAll", false);
        this.canStopAll = new ReadOnlyBooleanWrapper(owner, "canStopAll", false);
        this.quitting = quitting;
    }

    /** The rows, read-only. */
    ObservableList<ServiceRowViewModel> view() {
        return rowsView;
    }

    ReadOnlyBooleanProperty canStartAllProperty() {
        return canStartAll.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty canStopAllProperty() {
        return canStopAll.getReadOnlyProperty();
    }

    void applyOne(ServiceSnapshot s) {
        for (ServiceRowViewModel row : rows) {
            if (row.id().equals(s.id())) {
                row.apply(s);
            }
        }
        updateToolbar();
    }

    /** Makes the rows match {@code all}, keeping row objects (and so the selection) by id. */
    void applyAll(List<ServiceSnapshot> all) {
        Map<String, ServiceRowViewModel> byId = new HashMap<>();
        rows.forEach(r -> byId.put(r.id(), r));
        List<ServiceRowViewModel> next = new ArrayList<>();
        for (ServiceSnapshot s : all) {
            ServiceRowViewModel row = byId.get(s.id());
            if (row == null || row.kind() != s.kind()) {
                row = new ServiceRowViewModel(s);
            } else {
                row.apply(s);
            }
            next.add(row);
        }
        if (!next.equals(rows)) {
            rows.setAll(next); // the table drops the selection of a row that went
        }
        updateToolbar();
    }

    void markPending(List<ServiceRowViewModel> targets, boolean pending) {
        targets.forEach(r -> r.setPending(pending));
        updateToolbar();
    }

    void updateToolbar() {
        boolean quit = quitting.getAsBoolean();
        canStartAll.set(!quit && rows.stream().anyMatch(r -> r.actions().start()));
        canStopAll.set(!quit && rows.stream().anyMatch(r -> r.actions().stop()));
    }
}
