import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FeedDeck

// Everything inside the main window: the tool bar (views, filter, theme, feeds panel),
// the demo banner, the views in tabs, the feeds panel, and the status bar.
Page {
    id: root

    required property QuoteTableModel quotes
    required property InventoryModel inventory
    required property FeedStatusModel feeds
    required property ProblemListModel problems
    required property UiSettings settings
    required property ChartController charts
    required property bool demo

    readonly property alias quotesPane: quotesPane
    readonly property alias currentView: tabs.currentIndex
    readonly property alias chartPane: chartPane

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 12
            anchors.rightMargin: 8
            spacing: 10

            Label {
                text: qsTr("FeedDeck")
                font.bold: true
                font.pixelSize: 16
            }
            TabBar {
                id: tabs
                objectName: "viewTabs"
                currentIndex: Math.min(root.settings.view, tabs.count - 1)
                onCurrentIndexChanged: root.settings.view = tabs.currentIndex
                TabButton { text: qsTr("Quotes"); width: implicitWidth + 16 }
                TabButton { text: qsTr("Inventory"); width: implicitWidth + 16 }
                TabButton { text: qsTr("Charts (%1)").arg(root.charts.seriesCount); width: implicitWidth + 16 }
            }
            Item { Layout.fillWidth: true }
            TextField {
                id: filterField
                objectName: "filterField"
                Layout.preferredWidth: 240
                placeholderText: qsTr("Filter symbols (Ctrl+F)")
                Keys.onEscapePressed: filterField.clear()
            }
            ToolButton {
                objectName: "themeButton"
                text: root.settings.dark ? qsTr("Light") : qsTr("Dark")
                onClicked: root.settings.toggleTheme()
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Switch between light and dark")
            }
            ToolButton {
                objectName: "feedsButton"
                text: qsTr("Feeds")
                checkable: true
                checked: root.settings.feedsPanelVisible
                onToggled: root.settings.feedsPanelVisible = checked
            }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Rectangle {
            objectName: "demoBanner"
            Layout.fillWidth: true
            visible: root.demo
            implicitHeight: demoText.implicitHeight + 12
            color: Qt.alpha(palette.highlight, 0.15)
            Label {
                id: demoText
                anchors.verticalCenter: parent.verticalCenter
                x: 12
                width: parent.width - 24
                wrapMode: Text.Wrap
                text: qsTr("This is the built-in demo: a simulated market on this computer, no network needed. "
                           + "Open your own workspace with --config FILE.")
            }
        }

        SplitView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            orientation: Qt.Horizontal

            StackLayout {
                SplitView.fillWidth: true
                currentIndex: tabs.currentIndex

                QuotesPane {
                    id: quotesPane
                    model: root.quotes
                    feeds: root.feeds
                    settings: root.settings
                    filterText: filterField.text
                    onSeriesPicked: (feedId, symbol, field) => {
                        root.charts.addSeries(feedId, symbol, field)
                        tabs.currentIndex = 2
                    }
                }

                InventoryPane {
                    model: root.inventory
                    filterText: filterField.text
                }

                ChartPane {
                    id: chartPane
                    controller: root.charts
                }
            }

            FeedsPanel {
                objectName: "feedsPanel"
                SplitView.preferredWidth: 290
                SplitView.minimumWidth: 220
                visible: root.settings.feedsPanelVisible
                feeds: root.feeds
                problems: root.problems
            }
        }
    }

    footer: FeedStatusBar {
        model: root.feeds
    }

    Shortcut {
        sequence: "Ctrl+F"
        onActivated: { filterField.forceActiveFocus(); filterField.selectAll() }
    }
    Shortcut {
        sequence: "Ctrl+1"
        onActivated: tabs.currentIndex = 0
    }
    Shortcut {
        sequence: "Ctrl+2"
        onActivated: tabs.currentIndex = 1
    }
    Shortcut {
        sequence: "Ctrl+3"
        onActivated: tabs.currentIndex = 2
    }
    Shortcut {
        // Only while the chart is showing, so Space still types into the filter box.
        sequence: "Space"
        enabled: tabs.currentIndex === 2 && !filterField.activeFocus
        onActivated: chartPane.togglePause()
    }
}
