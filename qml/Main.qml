import QtQuick
import QtQuick.Controls
import FeedDeck

// The main window: the dashboard, full screen on F11, geometry remembered.
ApplicationWindow {
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

    width: root.settings.geometry.width > 200 ? root.settings.geometry.width : 1280
    height: root.settings.geometry.height > 200 ? root.settings.geometry.height : 780
    visible: true
    title: qsTr("FeedDeck — %1").arg(root.setup.document.title)

    // Light or dark as chosen, in every control, view, menu and dialog of the window.
    Component.onCompleted: Theme.dress(root)

    onClosing: root.settings.geometry = Qt.rect(root.x, root.y, root.width, root.height)

    menuBar: MenuBar {
        Menu {
            title: qsTr("&File")
            delegate: KeyMenuItem {}
            KeyMenuItem { action: dashboard.actions.exportSnapshot }
            Action {
                text: qsTr("Export chart &history…")
                enabled: root.charts.seriesCount > 0
                onTriggered: dashboard.exportHistory()
            }
            MenuSeparator {}
            Action { text: qsTr("&Import workspace…"); onTriggered: dashboard.importDialog.open() }
            Action { text: qsTr("&Export workspace…"); onTriggered: dashboard.exportDialog.open() }
            MenuSeparator {}
            // StandardKey (QKeySequence's enum, exported by QtQuick) is unknown to qmllint 6.4.
            Action { text: qsTr("&Quit"); shortcut: StandardKey.Quit; onTriggered: root.close() } // qmllint disable unqualified
        }
        Menu {
            title: qsTr("&Edit")
            delegate: KeyMenuItem {}
            KeyMenuItem { action: dashboard.actions.undo }
            Action { text: qsTr("&Add feed…"); onTriggered: dashboard.addFeed() }
        }
        Menu {
            title: qsTr("&View")
            delegate: KeyMenuItem {}
            KeyMenuItem { action: dashboard.actions.quotes }
            KeyMenuItem { action: dashboard.actions.inventory }
            KeyMenuItem { action: dashboard.actions.charts }
            KeyMenuItem { action: dashboard.actions.feeds }
            KeyMenuItem { action: dashboard.actions.alerts }
            MenuSeparator {}
            Action {
                text: qsTr("Feed &health panel")
                checkable: true
                checked: root.settings.feedsPanelVisible
                onTriggered: root.settings.feedsPanelVisible = checked
            }
            Action { text: root.settings.dark ? qsTr("&Light theme") : qsTr("&Dark theme"); onTriggered: root.settings.toggleTheme() }
            KeyMenuItem { action: root.fullScreenAction }
        }
        Menu {
            title: qsTr("&Help")
            delegate: KeyMenuItem {}
            Action { text: qsTr("&About FeedDeck"); onTriggered: aboutDialog.open() }
        }
    }

    // The window's own key (the menu shows it): works whether or not a menu is open.
    readonly property Action fullScreenAction: Action {
        text: qsTr("F&ull screen")
        shortcut: "F11"
        onTriggered: root.toggleFullScreen()
    }

    function toggleFullScreen() {
        root.visibility = root.visibility === Window.FullScreen ? Window.Windowed : Window.FullScreen
    }

    Dashboard {
        id: dashboard
        objectName: "dashboard"
        anchors.fill: parent
        quotes: root.quotes
        inventory: root.inventory
        feeds: root.feeds
        problems: root.problems
        settings: root.settings
        charts: root.charts
        derivedSeries: root.derivedSeries
        sparklines: root.sparklines
        setup: root.setup
        exporter: root.exporter
        alerts: root.alerts
        alertRules: root.alertRules
    }

    Dialog {
        id: aboutDialog
        objectName: "aboutDialog"
        title: qsTr("About FeedDeck")
        anchors.centerIn: parent
        modal: true
        standardButtons: Dialog.Close
        Label {
            text: qsTr("<b>FeedDeck %1</b><br><br>Live WebSocket data feeds (market quotes and stock levels)<br>"
                       + "in tables and charts, with CSV export.").arg(Qt.application.version)
        }
    }

    // Behind any modal dialog the window dims, menu bar included, so the dialog is what reads.
    Rectangle {
        objectName: "modalBackdrop"
        parent: root.Overlay.overlay
        anchors.fill: parent
        z: -1
        color: Theme.backdrop
        visible: dashboard.modalOpen || aboutDialog.visible
    }

}
