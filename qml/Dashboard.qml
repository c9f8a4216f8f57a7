import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Templates as T
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
    required property ChartBoard charts
    required property DerivedSeriesDraft derivedSeries
    required property SparklineSource sparklines
    required property FeedSetup setup
    required property CsvExporter exporter
    required property AlertCenter alerts
    required property AlertRules alertRules

    readonly property alias quotesPane: quotesPane
    readonly property alias currentView: toolBar.currentView
    readonly property alias chartPane: chartPane
    readonly property alias feedsEditor: feedsEditor
    readonly property alias alertsView: alertsView
    readonly property AlertLogPane alertLog: alertsView.log
    readonly property alias alertBanner: alertBanner
    readonly property alias exportCsvDialog: exportCsvDialog
    readonly property alias importDialog: workspaceFiles.importDialog
    readonly property alias exportDialog: workspaceFiles.exportDialog
    // A modal dialog is up: the window behind it is dimmed.
    readonly property bool modalOpen: exportCsvDialog.visible || workspaceFiles.open
    // A focused button takes Space (to press it), a focused text field types it: both before
    // the chart's pause shortcut.
    readonly property bool focusTakesSpace: {
        const item = root.Window.activeFocusItem
        return item !== null && (item instanceof T.AbstractButton || item instanceof TextInput || item instanceof TextEdit)
    }

    // What the keys do, each set once; the window's menus show these same actions.
    readonly property DashboardActions actions: DashboardActions {
        document: root.setup.document
        onViewWanted: view => root.showView(view)
        onSnapshotWanted: root.exportSnapshot()
    }

    function showView(view) {
        toolBar.currentView = view
    }

    // Ctrl+E: a snapshot; "the rows shown" means the table in front of the user.
    function exportSnapshot() {
        const table = root.currentView === Views.Quotes ? quotesPane.proxy
                    : root.currentView === Views.Inventory ? inventoryPane.proxy : null
        exportCsvDialog.openFor("snapshot", table)
    }

    function exportHistory() {
        exportCsvDialog.openFor("history", null)
    }

    function addFeed() {
        root.showView(Views.Feeds)
        feedsEditor.addFeed("coinbase")
    }

    header: DashboardToolBar {
        id: toolBar
        settings: root.settings
        chartSeriesCount: root.charts.seriesCount
        unreadAlerts: root.alerts.log.unreadCount
        viewActions: [root.actions.quotes, root.actions.inventory, root.actions.charts, root.actions.feeds,
                      root.actions.alerts]
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        AlertBanner {
            id: alertBanner
            objectName: "alertBanner"
            Layout.fillWidth: true
            alerts: root.alerts
            onOpenLogWanted: root.showView(Views.Alerts)
        }

        WelcomeBar {
            objectName: "demoBanner"
            Layout.fillWidth: true
            document: root.setup.document
            settings: root.settings
            onAddFeedWanted: root.addFeed()
        }

        InfoBar {
            objectName: "undoBar"
            Layout.fillWidth: true
            visible: root.setup.document.undoText.length > 0
            tint: Theme.quietNoticeTint
            verticalPadding: 4
            text: root.setup.document.undoNotice
            Button {
                objectName: "undoButton"
                text: root.setup.document.undoText + qsTr(" (Ctrl+Z)")
                onClicked: root.setup.document.undoRemove()
            }
        }

        SplitView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            orientation: Qt.Horizontal

            StackLayout {
                id: views
                SplitView.fillWidth: true
                currentIndex: toolBar.currentView
                // Keys follow the view in front: a hidden view (a field of the feeds editor)
                // never keeps the focus. Whatever the new view focuses itself comes after this.
                onCurrentIndexChanged: {
                    const view = views.children[views.currentIndex]
                    if (view)
                        view.forceActiveFocus()
                }

                QuotesPane {
                    id: quotesPane
                    model: root.quotes
                    sparklines: root.sparklines
                    feeds: root.feeds
                    settings: root.settings
                    filterText: toolBar.filterText
                    onSeriesPicked: (feedId, symbol, field) => {
                        root.charts.current.addSeries(feedId, symbol, field)
                        toolBar.currentView = Views.Charts
                    }
                }

                InventoryPane {
                    id: inventoryPane
                    model: root.inventory
                    filterText: toolBar.filterText
                }

                ChartBoardPane {
                    id: chartPane
                    board: root.charts
                    derivedSeries: root.derivedSeries
                    onExportRequested: root.exportHistory()
                }

                FeedsEditorPane {
                    id: feedsEditor
                    setup: root.setup
                }

                AlertsView {
                    id: alertsView
                    alerts: root.alerts
                    rules: root.alertRules
                    settings: root.settings
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

    footer: ColumnLayout {
        spacing: 0
        ExportStatusBar {
            objectName: "exportStatus"
            Layout.fillWidth: true
            exporter: root.exporter
        }
        FeedStatusBar {
            Layout.fillWidth: true
            model: root.feeds
        }
    }

    CsvExportDialog {
        id: exportCsvDialog
        objectName: "exportCsvDialog"
        exporter: root.exporter
        settings: root.settings
        feeds: root.feeds
    }

    LoadProblemScreen {
        objectName: "loadProblemScreen"
        anchors.fill: parent
        z: 10
        document: root.setup.document
    }

    NoticeBar {
        id: noticeBar
        objectName: "noticeBar"
    }

    WorkspaceFiles {
        id: workspaceFiles
        document: root.setup.document
        onNotice: text => noticeBar.show(text)
    }

    // Alerts the user is looking at are read: on showing the log, and while it is in front.
    Connections {
        target: root.alerts.log
        enabled: root.currentView === Views.Alerts
        function onUnreadCountChanged() {
            root.alerts.log.markAllRead()
        }
    }
    onCurrentViewChanged: {
        if (root.currentView === Views.Alerts)
            root.alerts.log.markAllRead()
    }

    Shortcut {
        sequence: "Ctrl+F"
        onActivated: toolBar.focusFilter()
    }
    Shortcut {
        // Only while the chart is showing and nothing focused takes Space itself.
        sequence: "Space"
        enabled: root.currentView === Views.Charts && !root.focusTakesSpace
        onActivated: chartPane.togglePause()
    }
}
