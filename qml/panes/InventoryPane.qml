import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FeedDeck

// Stock per SKU and warehouse: level, the SKU's total, the last change; levels under
// the low-stock threshold are highlighted. Sortable by any column, filtered by the filter box.
Item {
    id: root

    required property InventoryModel model
    property alias filterText: proxy.filterText
    readonly property alias proxy: proxy

    readonly property var widths: [210, 110, 110, 100, 100, 110, 90, 100]

    QuoteFilterModel {
        id: proxy
        sourceModel: root.model
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        RowLayout {
            Layout.fillWidth: true
            Layout.margins: 6
            spacing: 8
            Label { text: qsTr("Low stock below") }
            SpinBox {
                objectName: "lowStockThreshold"
                from: 0
                to: 1000000
                editable: true
                value: root.model.lowStockThreshold
                onValueModified: root.model.lowStockThreshold = value
            }
            Item { Layout.fillWidth: true }
            Label {
                text: qsTr("%1 rows").arg(proxy.count)
                opacity: 0.7
            }
        }

        HorizontalHeaderView {
            id: header
            objectName: "inventoryHeader"
            Layout.fillWidth: true
            syncView: table
            clip: true
            // The lines marked "qmllint disable unqualified" in this delegate reach this file's ids
            // (root, proxy). qmllint 6.4 flags any id reached from inside a delegate, having no way
            // to be told the delegate is only ever made here (6.5's pragma ComponentBehavior: Bound).
            delegate: Rectangle {
                id: headerCell
                required property string display
                required property int column
                implicitHeight: 30
                implicitWidth: root.widths[headerCell.column] ?? 100 // qmllint disable unqualified
                color: palette.button
                Label {
                    anchors.fill: parent
                    anchors.leftMargin: 8
                    anchors.rightMargin: 10
                    verticalAlignment: Text.AlignVCenter
                    horizontalAlignment: headerCell.column >= 3 && headerCell.column <= 6 ? Text.AlignRight : Text.AlignLeft
                    font.bold: true
                    elide: Text.ElideRight
                    text: headerCell.display + (proxy.sortColumn === headerCell.column // qmllint disable unqualified
                                                ? (proxy.sortOrder === Qt.AscendingOrder ? " ▲" : " ▼") : "")
                }
                Rectangle { anchors.right: parent.right; width: 1; height: parent.height; color: palette.mid }
                TapHandler { onTapped: proxy.sortBy(headerCell.column) } // qmllint disable unqualified
            }
        }

        TableView {
            id: table
            objectName: "inventoryTable"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: proxy
            boundsBehavior: Flickable.StopAtBounds
            columnWidthProvider: column => root.widths[column] ?? 100
            ScrollBar.vertical: ScrollBar {}

            delegate: Rectangle {
                id: cell
                required property string display
                required property bool numeric
                required property string status
                required property int direction
                required property bool lowStock
                required property int alertFlash
                required property string alertSeverity
                required property int row
                required property int column

                implicitHeight: 28
                color: cell.lowStock ? Theme.lowStockRow
                                     : cell.row % 2 === 0 ? palette.base : palette.alternateBase
                // A rule fired on the row (a stock below its level): the row pulses in the severity's colour.
                AlertPulse {
                    id: alertBox
                    anchors.fill: parent
                    count: cell.alertFlash
                    severity: cell.alertSeverity
                }
                TableView.onReused: alertBox.reset()
                Label {
                    anchors.fill: parent
                    anchors.leftMargin: 10
                    anchors.rightMargin: 10
                    verticalAlignment: Text.AlignVCenter
                    horizontalAlignment: cell.numeric ? Text.AlignRight : Text.AlignLeft
                    text: cell.display
                    elide: Text.ElideRight
                    font.family: cell.numeric ? "DejaVu Sans Mono" : Application.font.family
                    font.bold: cell.column === 1 || (cell.column === 3 && cell.lowStock)
                    color: cell.direction > 0 ? Theme.up : cell.direction < 0 ? Theme.down : palette.text
                    opacity: cell.status === "live" ? 1.0 : 0.5
                }
            }
        }
    }

    Label {
        objectName: "inventoryEmptyState"
        anchors.centerIn: parent
        visible: proxy.count === 0
        horizontalAlignment: Text.AlignHCenter
        opacity: 0.75
        text: root.model.rowCount === 0
              ? qsTr("No stock levels yet.\nRows with an on_hand field (e.g. from a JSON mapping feed) appear here.")
              : qsTr("No rows match \"%1\".").arg(proxy.filterText)
    }
}
