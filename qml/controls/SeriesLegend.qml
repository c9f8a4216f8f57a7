import QtQuick
import FeedDeck

// The charted series, one entry each with a button to remove it.
// Displays only: removal is a signal for the pane.
Flow {
    id: root

    required property ChartSeriesModel model

    signal removeRequested(int index)

    spacing: 12

    Repeater {
        model: root.model
        delegate: SeriesLegendEntry {}
        onItemAdded: (index, item) => (item as SeriesLegendEntry).removeClicked.connect(root.removeRequested)
    }
}
