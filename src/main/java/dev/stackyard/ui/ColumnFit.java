package dev.stackyard.ui;

import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.DoubleBinding;
import javafx.scene.Node;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableColumnBase;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.TableColumnHeader;
import javafx.scene.text.Text;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sizes table columns to what they show: each fitted column is made as wide as its header and
 * the widest of its cells on screen (it only grows, so it never jitters while rows change), and
 * one column takes whatever width is left. Generic: it knows nothing about the rows. UI thread.
 *
 * <p>Measured after each layout pass of the table, over the cells on screen only (a few dozen
 * nodes); nothing changes, and nothing is laid out again, once every column fits.
 */
final class ColumnFit {
    /** Kept free beside the last column for a vertical scroll bar, so one showing up pushes nothing out. */
    private static final double SCROLL_BAR_ROOM = 16;

    private ColumnFit() {
    }

    /**
     * @param rest     the column that takes the width the fitted ones leave (null: none)
     * @param restMin  its smallest width
     * @param restFits whether that column also grows to its content (and the table scrolls sideways
     *                 when the window is too narrow), rather than cutting it (a path, with a tooltip)
     * @param fitted   columns sized to their content
     */
    static void apply(TableView<?> table, TableColumn<?, ?> rest, double restMin, boolean restFits,
                      List<? extends TableColumn<?, ?>> fitted) {
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        Set<TableColumn<?, ?>> fit = new HashSet<>(fitted);
        for (TableColumn<?, ?> c : fitted) {
            c.setResizable(false);
            c.setReorderable(false);
        }
        if (rest != null) {
            rest.setMinWidth(restMin);
            DoubleBinding others = Bindings.createDoubleBinding(() -> {
                double sum = 0;
                for (TableColumn<?, ?> c : table.getVisibleLeafColumns()) {
                    if (c != rest) {
                        sum += c.getWidth();
                    }
                }
                return sum;
            }, fitted.stream().map(TableColumn::widthProperty).toArray(Observable[]::new));
            rest.prefWidthProperty().bind(table.widthProperty().subtract(others).subtract(SCROLL_BAR_ROOM));
        }
        // After each layout pass, widen what the pass showed to be too narrow.
        table.needsLayoutProperty().addListener((obs, was, needs) -> {
            if (!needs) {
                widen(table, fit, restFits ? rest : null);
            }
        });
    }

    private static void widen(TableView<?> table, Set<TableColumn<?, ?>> fit, TableColumn<?, ?> rest) {
        for (Node n : table.lookupAll(".column-header")) {
            if (n instanceof TableColumnHeader h && fit.contains(h.getTableColumn())) {
                Node label = h.lookup(".label");
                if (label != null) {
                    grow(h.getTableColumn(), h.getInsets().getLeft() + label.prefWidth(-1) + h.getInsets().getRight());
                }
            }
        }
        for (Node n : table.lookupAll(".table-cell")) {
            if (n instanceof TableCell<?, ?> cell && n.isVisible() && !cell.isEmpty()
                    && fit.contains(cell.getTableColumn())) {
                grow(cell.getTableColumn(), need(cell));
            }
            // The column that takes the rest is never narrower than its content needs: when the
            // window is too narrow for that, the table scrolls sideways instead of cutting words.
            if (rest != null && n instanceof TableCell<?, ?> cell && n.isVisible() && !cell.isEmpty()
                    && cell.getTableColumn() == rest
                    && need(cell) > rest.getMinWidth() + 0.5) {
                rest.setMinWidth(Math.ceil(need(cell)) + 1);
            }
        }
    }

    /** A cell's pref width is its column's: what its content needs is measured instead. */
    private static double need(TableCell<?, ?> cell) {
        double content = 0;
        Node graphic = cell.getGraphic();
        if (graphic != null && graphic.isVisible()) {
            content += graphic.prefWidth(-1);
        }
        String text = cell.getText();
        if (text != null && !text.isEmpty()) {
            Text t = new Text(text);
            t.setFont(cell.getFont());
            content += t.getLayoutBounds().getWidth() + (graphic == null ? 0 : cell.getGraphicTextGap());
        }
        return cell.getInsets().getLeft() + content + cell.getInsets().getRight();
    }

    private static void grow(TableColumnBase<?, ?> column, double need) {
        double width = Math.ceil(need) + 1;
        if (width > column.getWidth() + 0.5) {
            column.setMinWidth(width);
            column.setPrefWidth(width);
        }
    }
}
