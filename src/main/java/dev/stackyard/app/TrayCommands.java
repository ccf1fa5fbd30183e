package dev.stackyard.app;

import dev.stackyard.tray.TrayActions;
import dev.stackyard.ui.ServiceRowViewModel;
import dev.stackyard.ui.ServicesViewModel;
import dev.stackyard.ui.UiExecutor;

import java.util.function.Supplier;

/**
 * The tray's commands, run as the window's own: the same {@link ServicesViewModel} methods its
 * toolbar and rows call, on the UI thread (the view model's rule), so a start from the tray shows
 * as pending in the window just like one from a button.
 */
final class TrayCommands implements TrayActions {
    private final UiExecutor ui;
    private final Supplier<ServicesViewModel> model;
    private final WindowControl window;

    TrayCommands(UiExecutor ui, Supplier<ServicesViewModel> model, WindowControl window) {
        this.ui = ui;
        this.model = model;
        this.window = window;
    }

    @Override
    public void toggle(String serviceId) {
        ui.run(() -> {
            ServicesViewModel vm = model.get();
            if (vm == null) {
                return;
            }
            for (ServiceRowViewModel row : vm.rows()) {
                if (row.id().equals(serviceId)) {
                    if (row.actions().start()) {
                        vm.start(row);
                    } else if (row.actions().stop()) {
                        vm.stop(row);
                    }
                }
            }
        });
    }

    @Override
    public void startAll() {
        ui.run(() -> {
            ServicesViewModel vm = model.get();
            if (vm != null) {
                vm.startAll();
            }
        });
    }

    @Override
    public void stopAll() {
        ui.run(() -> {
            ServicesViewModel vm = model.get();
            if (vm != null) {
                vm.stopAll();
            }
        });
    }

    @Override
    public void openWindow() {
        window.showWindow();
    }

    @Override
    public void showLog(String serviceId) {
        window.showLog(serviceId);
    }

    @Override
    public void quit() {
        window.quit();
    }
}
