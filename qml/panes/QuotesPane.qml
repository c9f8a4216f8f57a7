import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FeedDeck

// The live quotes table: one row per (feed, symbol), sortable by any column, filtered
// by the filter box, numbers right-aligned with fixed decimals per instrument, prices
// flashing green/red on change, a trend line of the last minutes' price per row (green when it
// ended at or above where it started, red below), rows of stale or disconnected feeds dimmed.
Item {
    id: root

    required property QuoteTableModel model
    required property SparklineSource sparklines
    required property FeedStatusModel feeds
    required property UiSettings settings
    property alias filterText: proxy.filterText
    readonly property alias visibleRows: proxy.count
    readonly property alias proxy: proxy

    signal seriesPicked(string feedId, string symbol, string field)

    readonly property var defaultWidths: [160, 92, 100, 124, 144, 100, 104, 96, 96, 72, 100, 80, 84]
    property var widths: {
        const saved = root.settings.quoteColumnWidths
        if (saved.length === root.defaultWidths.length)
            return saved
        if (saved.length === root.defaultWidths.length - 1) { // remembered before the trend column came
            const trend = QuoteTableModel.TrendColumn
            return saved.slice(0, trend).concat([root.defaultWidths[trend]], saved.slice(trend))
        }
        return root.defaultWidths
    }

    function columnWidth(column: int): int {
        return root.widths[column] ?? 100
    }

    // Right-aligned headers over the numbers.
    function isNumericColumn(column: int): bool {
        return column >= QuoteTableModel.PriceColumn && column <= QuoteTableModel.VolumeColumn
            && column !== QuoteTableModel.TrendColumn
    }

    function resizeColumn(column: int, width: int) {
        const next = root.widths.slice()
        next[column] = Math.max(48, Math.round(width))
        root.widths = next
        table.forceLayout()
    }

    QuoteFilterModel {
        id: proxy
        sourceModel: root.model
        marketOnly: true
    }

    // The trend lines are asked for the rows in view, and only while this view is shown.
    Binding { target: root.sparklines; property: "active"; value: root.visible }
    Binding { target: root.sparklines; property: "rows"; value: proxy }
    Binding { target: root.sparklines; property: "firstRow"; value: table.topRow }
    Binding { target: root.sparklines; property: "lastRow"; value: table.bottomRow }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        RowLayout {
            Layout.fillWidth: true
            Layout.margins: 6
            spacing: 8

            Label { text: qsTr("Show") }
            ComboBox {
                id: feedChoice
                objectName: "feedChoice"
                Layout.preferredWidth: 220
                textRole: "name"
                valueRole: "feedId"
                model: ListModel { id: feedChoices }
                onActivated: proxy.feedId = currentValue
                Component.onCompleted: root.rebuildFeedChoices()
            }
            Item { Layout.fillWidth: true }
            Label {
                text: qsTr("%1 rows").arg(proxy.count)
                opacity: 0.7
            }
        }

        HorizontalHeaderView {
            id: header
            objectName: "quotesHeader"
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
                implicitWidth: root.columnWidth(headerCell.column) // qmllint disable unqualified
                color: palette.button
                border.color: palette.mid
                border.width: 0

                Label {
                    anchors.fill: parent
                    anchors.leftMargin: 8
                    anchors.rightMargin: 10
                    verticalAlignment: Text.AlignVCenter
                    horizontalAlignment: root.isNumericColumn(headerCell.column) ? Text.AlignRight : Text.AlignLeft // qmllint disable unqualified
                    font.bold: true
                    elide: Text.ElideRight
                    text: headerCell.column === QuoteTableModel.TrendColumn
                          ? qsTr("%1 (%2m) ▾").arg(headerCell.display).arg(root.sparklines.minutes) // qmllint disable unqualified
                          : headerCell.display
                            + (proxy.sortColumn === headerCell.column // qmllint disable unqualified
                               ? (proxy.sortOrder === Qt.AscendingOrder ? " ▲" : " ▼") : "")
                }
                Rectangle {
                    anchors.right: parent.right
                    width: 1
                    height: parent.height
                    color: palette.mid
                }
                TapHandler {
                    // The trend column does not sort: its header picks the minutes the lines span.
                    onTapped: headerCell.column === QuoteTableModel.TrendColumn
                              ? trendMenu.popup(headerCell, 0, headerCell.height) // qmllint disable unqualified
                              : proxy.sortBy(headerCell.column) // qmllint disable unqualified
                }
                MouseArea {
                    // Drag the right edge to resize the column; the width is remembered.
                    width: 8
                    anchors.right: parent.right
                    anchors.top: parent.top
                    anchors.bottom: parent.bottom
                    cursorShape: Qt.SplitHCursor
                    property real startX: 0
                    property real startWidth: 0
                    onPressed: mouse => { startX = mapToItem(null, mouse.x, 0).x; startWidth = root.columnWidth(headerCell.column) }
                    onPositionChanged: mouse => root.resizeColumn(headerCell.column,
                                                                  startWidth + mapToItem(null, mouse.x, 0).x - startX)
                    onReleased: root.settings.quoteColumnWidths = root.widths // qmllint disable unqualified
                }
            }
        }

        TableView {
            id: table
            objectName: "quotesTable"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: proxy
            boundsBehavior: Flickable.StopAtBounds
            columnWidthProvider: column => root.columnWidth(column)
            ScrollBar.vertical: ScrollBar {}
            ScrollBar.horizontal: ScrollBar {}

            delegate: Rectangle {
                id: cell

                required property string display
                required property bool numeric
                required property string status
                required property int direction
                required property int flash
                required property int alertFlash
                required property string alertSeverity
                required property var sparkline
                required property int row
                required property int column

                readonly property color upColor: Theme.up
                readonly property color downColor: Theme.down
                property int seenFlash: cell.flash

                implicitHeight: 28
                color: cell.row % 2 === 0 ? palette.base : palette.alternateBase

                Rectangle {
                    id: flashBox
                    anchors.fill: parent
                    color: cell.direction >= 0 ? cell.upColor : cell.downColor
                    opacity: 0
                    // Started by hand, so not a value source on opacity (which the 0 above would clash with).
                    NumberAnimation { id: fade; target: flashBox; property: "opacity"; from: 0.35; to: 0; duration: 600 }
                }
                onFlashChanged: {
                    if (cell.flash !== cell.seenFlash && cell.column === 2)
                        fade.restart()
                    cell.seenFlash = cell.flash
                }
                AlertPulse {
                    id: alertBox
                    anchors.fill: parent
                    count: cell.alertFlash
                    severity: cell.alertSeverity
                }
                TableView.onReused: {
                    cell.seenFlash = cell.flash
                    fade.stop()
                    flashBox.opacity = 0
                    alertBox.reset()
                }

                Label {
                    objectName: "cellText"
                    anchors.fill: parent
                    anchors.leftMargin: 10
                    anchors.rightMargin: 10
                    verticalAlignment: Text.AlignVCenter
                    horizontalAlignment: cell.numeric ? Text.AlignRight : Text.AlignLeft
                    text: cell.display
                    elide: Text.ElideRight
                    font.family: cell.numeric ? "DejaVu Sans Mono" : Application.font.family
                    font.bold: cell.column === 1
                    color: cell.direction > 0 ? cell.upColor : cell.direction < 0 ? cell.downColor : palette.text
                    opacity: cell.status === "live" ? 1.0 : 0.5
                }

                Sparkline {
                    id: trendLine
                    objectName: "trendLine"
                    anchors.fill: parent
                    anchors.leftMargin: 10
                    anchors.rightMargin: 10
                    anchors.topMargin: 5
                    anchors.bottomMargin: 5
                    visible: cell.column === QuoteTableModel.TrendColumn
                    points: trendLine.visible && cell.sparkline ? cell.sparkline : [] // undefined while a reused cell is rebound
                    lineWidth: 1.5
                    color: trendLine.direction >= 0 ? cell.upColor : cell.downColor
                    opacity: cell.status === "live" ? 1.0 : 0.5
                }

                MouseArea {
                    anchors.fill: parent
                    acceptedButtons: Qt.LeftButton | Qt.RightButton
                    onDoubleClicked: mouse => {
                        if (mouse.button === Qt.LeftButton)
                            root.seriesPicked(proxy.feedIdAt(cell.row), proxy.symbolAt(cell.row), "price")
                    }
                    onClicked: mouse => {
                        if (mouse.button !== Qt.RightButton)
                            return
                        rowMenu.feedId = proxy.feedIdAt(cell.row)
                        rowMenu.symbol = proxy.symbolAt(cell.row)
                        rowMenu.popup()
                    }
                }
            }
        }
    }

    // The span of the trend lines; the checks follow the span however it was set.
    ButtonGroup { id: trendSpans }
    Menu {
        id: trendMenu
        objectName: "trendMenu"
        onAboutToShow: {
            trendOne.checked = root.sparklines.minutes === 1
            trendFive.checked = root.sparklines.minutes === 5
            trendFifteen.checked = root.sparklines.minutes === 15
        }
        MenuItem {
            id: trendOne
            text: qsTr("Trend over the last minute")
            checkable: true
            ButtonGroup.group: trendSpans
            onTriggered: root.sparklines.minutes = 1
        }
        MenuItem {
            id: trendFive
            text: qsTr("Trend over the last 5 minutes")
            checkable: true
            ButtonGroup.group: trendSpans
            onTriggered: root.sparklines.minutes = 5
        }
        MenuItem {
            id: trendFifteen
            text: qsTr("Trend over the last 15 minutes")
            checkable: true
            ButtonGroup.group: trendSpans
            onTriggered: root.sparklines.minutes = 15
        }
    }

    Menu {
        id: rowMenu
        property string feedId
        property string symbol
        MenuItem { text: qsTr("Chart %1 price").arg(rowMenu.symbol); onTriggered: root.seriesPicked(rowMenu.feedId, rowMenu.symbol, "price") }
        MenuItem { text: qsTr("Chart %1 bid").arg(rowMenu.symbol); onTriggered: root.seriesPicked(rowMenu.feedId, rowMenu.symbol, "bid") }
        MenuItem { text: qsTr("Chart %1 ask").arg(rowMenu.symbol); onTriggered: root.seriesPicked(rowMenu.feedId, rowMenu.symbol, "ask") }
    }

    Label {
        objectName: "quotesEmptyState"
        anchors.centerIn: parent
        visible: proxy.count === 0
        horizontalAlignment: Text.AlignHCenter
        opacity: 0.75
        text: root.feeds.count === 0
              ? qsTr("No feeds are configured.\nStart with --demo to see the built-in simulated market.")
              : root.model.rowCount === 0
                ? qsTr("Waiting for the first values…\nEach feed's state is shown on the right and at the bottom.")
                : qsTr("No rows match \"%1\".\nClear the filter (Esc) to see all %2 rows.").arg(proxy.filterText).arg(root.model.rowCount)
    }

    function rebuildFeedChoices() {
        const current = proxy.feedId
        feedChoices.clear()
        feedChoices.append({ name: qsTr("All feeds"), feedId: "" })
        for (let i = 0; i < root.feeds.count; ++i) {
            const index = root.feeds.index(i, 0)
            feedChoices.append({ name: root.feeds.data(index, FeedStatusModel.NameRole),
                                 feedId: root.feeds.data(index, FeedStatusModel.FeedIdRole) })
        }
        feedChoice.currentIndex = Math.max(0, feedChoice.indexOfValue(current))
    }

    Connections {
        target: root.feeds
        function onModelReset() { root.rebuildFeedChoices() }
    }
}
