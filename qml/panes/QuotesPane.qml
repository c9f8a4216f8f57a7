import QtQuick
import QtQuick.Controls
import FeedDeck

// The live quotes table: one row per (feed, symbol), numbers right-aligned,
// rows of stale or disconnected feeds dimmed.
Item {
    id: root

    required property QuoteTableModel model

    readonly property var columnWidths: [170, 130, 130, 130, 130, 120, 100, 120]

    HorizontalHeaderView {
        id: header
        anchors.left: table.left
        anchors.right: parent.right
        anchors.top: parent.top
        syncView: table
        clip: true
    }

    TableView {
        id: table
        anchors.top: header.bottom
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        clip: true
        model: root.model
        boundsBehavior: Flickable.StopAtBounds
        columnWidthProvider: column => Math.max(root.columnWidths[column] ?? 100,
                                                (table.width - 20) * (root.columnWidths[column] ?? 100) / 1030)
        ScrollBar.vertical: ScrollBar {}

        delegate: Rectangle {
            id: cell

            required property string display
            required property bool numeric
            required property string status
            required property int direction
            required property int row

            implicitHeight: 30
            color: cell.row % 2 === 0 ? palette.base : palette.alternateBase
            opacity: cell.status === "live" ? 1.0 : 0.55

            Label {
                anchors.fill: parent
                anchors.leftMargin: 10
                anchors.rightMargin: 10
                verticalAlignment: Text.AlignVCenter
                horizontalAlignment: cell.numeric ? Text.AlignRight : Text.AlignLeft
                text: cell.display
                elide: Text.ElideRight
                font.family: cell.numeric ? "DejaVu Sans Mono" : font.family
                color: cell.direction > 0 ? "#1f9d55" : cell.direction < 0 ? "#d64545" : palette.text
            }
        }
    }

    Label {
        anchors.centerIn: parent
        visible: root.model.rowCount === 0
        text: qsTr("Waiting for the first values…\nFeeds and their states are listed at the bottom of the window.")
        horizontalAlignment: Text.AlignHCenter
        opacity: 0.7
    }
}
