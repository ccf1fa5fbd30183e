package dev.stackyard.ui;

import atlantafx.base.theme.Styles;
import dev.stackyard.core.service.ServiceKind;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.value.ChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The cells of the services table. Each cell binds its controls to the row it shows and unbinds
 * when reused for another row; node ids carry the service id ({@code start-cache},
 * {@code state-cache}) as the test API.
 */
final class ServiceCells {
    private ServiceCells() {
    }

    /** Every column's value is the row itself; the cells pick the properties they show. */
    static void rowValue(TableColumn<ServiceRowViewModel, ServiceRowViewModel> column) {
        column.setCellValueFactory(features -> new ReadOnlyObjectWrapper<>(features.getValue()));
    }

    /** A cell that (re)binds its content to the row it shows. */
    private abstract static class BoundCell extends TableCell<ServiceRowViewModel, ServiceRowViewModel> {
        private final List<Runnable> unbinders = new ArrayList<>();

        @Override
        protected void updateItem(ServiceRowViewModel row, boolean empty) {
            super.updateItem(row, empty);
            unbinders.forEach(Runnable::run);
            unbinders.clear();
            if (empty || row == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            setGraphic(bind(row));
        }

        abstract Node bind(ServiceRowViewModel row);

        void onUnbind(Runnable r) {
            unbinders.add(r);
        }

        <T> void listen(javafx.beans.value.ObservableValue<T> value, Consumer<T> apply) {
            ChangeListener<T> l = (obs, old, now) -> apply.accept(now);
            value.addListener(l);
            apply.accept(value.getValue());
            onUnbind(() -> value.removeListener(l));
        }

        void tooltip(Label label, ReadOnlyStringProperty property) {
            if (label.getTooltip() == null) {
                label.setTooltip(new Tooltip());
            }
            label.getTooltip().textProperty().bind(property);
            onUnbind(() -> label.getTooltip().textProperty().unbind());
        }

        void bindText(Label label, ReadOnlyStringProperty property) {
            label.textProperty().bind(property);
            onUnbind(() -> label.textProperty().unbind());
        }
    }

    /** Status dot and state name. */
    static TableCell<ServiceRowViewModel, ServiceRowViewModel> state() {
        return new BoundCell() {
            private final Circle dot = new Circle(5);
            private final Label label = new Label();
            private final HBox box = new HBox(8, dot, label);
            private String stateClass;

            {
                dot.getStyleClass().add("sy-dot");
                label.getStyleClass().add("sy-state");
                box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            }

            @Override
            Node bind(ServiceRowViewModel row) {
                label.setId("state-" + row.id());
                dot.setId("dot-" + row.id());
                listen(row.stateProperty(), state -> {
                    label.setText(state.name());
                    String css = state.name().toLowerCase(Locale.ROOT).replace('_', '-');
                    for (var list : List.of(dot.getStyleClass(), label.getStyleClass())) {
                        if (stateClass != null) {
                            list.remove(stateClass);
                        }
                        list.add(css);
                    }
                    stateClass = css;
                });
                return box;
            }
        };
    }

    /** Id and kind/version; below them a failure's reason with "Details", or a start's progress. */
    static TableCell<ServiceRowViewModel, ServiceRowViewModel> name(Consumer<ServiceRowViewModel> onDetails) {
        return new BoundCell() {
            private final Label id = new Label();
            private final Label kind = new Label();
            private final Label problem = new Label();
            private final Hyperlink details = new Hyperlink("Details…");
            private final Label progress = new Label();
            private final Label notice = new Label();
            private final HBox problemLine = new HBox(6, problem, details);
            private final VBox box = new VBox(2, new HBox(8, id, kind), problemLine, progress, notice);

            {
                // Never wider than the column: the reason is cut, not the row stretched.
                box.setMinWidth(0);
                box.setMaxWidth(Double.MAX_VALUE);
                problemLine.setMinWidth(0);
                setGraphicTextGap(0);
            }

            {
                id.getStyleClass().add("sy-service-id");
                kind.getStyleClass().add("sy-muted");
                problem.getStyleClass().add("sy-problem");
                // One line, cut with an ellipsis: a wrapped label makes the row as tall as it likes.
                problem.setWrapText(false);
                problem.setMinWidth(0);
                HBox.setHgrow(problem, javafx.scene.layout.Priority.SOMETIMES);
                details.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
                progress.getStyleClass().add("sy-progress");
                notice.getStyleClass().add("sy-progress");
                // The lines under the id ask for no width of their own: the id line sizes the
                // column, and a longer reason, progress or notice is cut, whole in its tooltip.
                for (javafx.scene.layout.Region line : List.of(problemLine, progress, notice)) {
                    line.setMinWidth(0);
                    line.setPrefWidth(0);
                    line.setMaxWidth(Double.MAX_VALUE);
                }
                details.setPadding(javafx.geometry.Insets.EMPTY);
                box.setPadding(new javafx.geometry.Insets(3, 0, 3, 0));
                box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            }

            @Override
            Node bind(ServiceRowViewModel row) {
                id.setText(row.id());
                problem.setId("error-" + row.id());
                details.setId("details-" + row.id());
                progress.setId("progress-" + row.id());
                notice.setId("notice-" + row.id());
                bindText(kind, row.kindAndVersionProperty());
                bindText(problem, row.problemProperty());
                bindText(progress, row.progressProperty());
                listen(row.problemProperty(), p -> show(problemLine, !p.isEmpty()));
                listen(row.hasDetailsProperty(), has -> show(details, has));
                listen(row.progressProperty(), p -> show(progress, !p.isEmpty()));
                bindText(notice, row.noticeProperty());
                listen(row.noticeProperty(), n -> show(notice, !n.isEmpty()));
                details.setOnAction(e -> onDetails.accept(row));
                tooltip(problem, row.problemProperty());
                tooltip(progress, row.progressProperty());
                tooltip(notice, row.noticeProperty());
                return box;
            }
        };
    }

    /** One text figure of the row (port, PID, uptime, CPU, memory). */
    static TableCell<ServiceRowViewModel, ServiceRowViewModel> text(String idPrefix,
                                                                     Function<ServiceRowViewModel, ReadOnlyStringProperty> property) {
        return new BoundCell() {
            private final Label label = new Label();

            @Override
            Node bind(ServiceRowViewModel row) {
                label.setId(idPrefix + "-" + row.id());
                bindText(label, property.apply(row));
                return label;
            }
        };
    }

    /** What a row's action buttons call. */
    interface RowCommands {
        void start(ServiceRowViewModel row);

        void stop(ServiceRowViewModel row);

        void restart(ServiceRowViewModel row);

        void showLog(ServiceRowViewModel row);

        void copyUrl(ServiceRowViewModel row);

        void openInBrowser(ServiceRowViewModel row);

        void remove(ServiceRowViewModel row);
    }

    /** Start, Stop, Restart, then the row's other actions, each enabled by the row's state. */
    static TableCell<ServiceRowViewModel, ServiceRowViewModel> actions(RowCommands commands) {
        return new BoundCell() {
            private final Button start = button(Feather.PLAY, "Start", Styles.SUCCESS);
            private final Button stop = button(Feather.SQUARE, "Stop", Styles.DANGER);
            private final Button restart = button(Feather.ROTATE_CW, "Restart", null);
            private final Button log = button(Feather.FILE_TEXT, "Show the log", null);
            private final Button copy = button(Feather.COPY, "Copy the connection URL", null);
            private final Button open = button(Feather.EXTERNAL_LINK, "Open in the browser", null);
            private final Button remove = button(Feather.TRASH_2, "Remove this instance…", Styles.DANGER);
            private final HBox box = new HBox(2, start, stop, restart, log, copy, open, remove);

            {
                box.getStyleClass().add("sy-row-actions");
                box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            }

            @Override
            Node bind(ServiceRowViewModel row) {
                wire(start, "start", row, RowActions::start, commands::start);
                wire(stop, "stop", row, RowActions::stop, commands::stop);
                wire(restart, "restart", row, RowActions::restart, commands::restart);
                wire(log, "log", row, a -> true, commands::showLog);
                wire(copy, "copy", row, RowActions::copyUrl, commands::copyUrl);
                wire(open, "open", row, RowActions::openInBrowser, commands::openInBrowser);
                wire(remove, "remove", row, RowActions::remove, commands::remove);
                show(open, row.kind().spec().opensPage());
                show(remove, row.kind().spec().instances().isPresent());
                return box;
            }

            private void wire(Button b, String name, ServiceRowViewModel row, Predicate<RowActions> enabled,
                              Consumer<ServiceRowViewModel> action) {
                b.setId(name + "-" + row.id());
                b.disableProperty().bind(Bindings.createBooleanBinding(
                        () -> !enabled.test(row.actions()), row.actionsProperty()));
                onUnbind(() -> b.disableProperty().unbind());
                b.setOnAction(e -> action.accept(row));
            }
        };
    }

    private static Button button(Ikon icon, String tooltip, String style) {
        Button b = new Button(null, Icons.of(icon));
        b.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        if (style != null) {
            b.getStyleClass().add(style);
        }
        b.setTooltip(new Tooltip(tooltip));
        b.setAccessibleText(tooltip);
        b.setFocusTraversable(false);
        return b;
    }

    private static void show(Node node, boolean visible) {
        node.setVisible(visible);
        node.setManaged(visible);
    }
}
