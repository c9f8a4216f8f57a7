import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Dialogs
import QtQuick.Templates as T
import FeedDeck

// Everything inside the main window: the tool bar (views, filter, theme, feeds panel),
// the demo banner, the views in tabs, the feeds panel, and the status bar.
Page {
    id: root

    // The views, in tab order: the remembered "ui/view" holds one of these.
    enum View { Quotes, Inventory, Charts, Feeds }

    required property QuoteTableModel quotes
    required property InventoryModel inventory
    required property FeedStatusModel feeds
    required property ProblemListModel problems
    required property UiSettings settings
    required property ChartController charts
    required property FeedSetup setup
    required property CsvExporter exporter

    readonly property alias quotesPane: quotesPane
    readonly property alias currentView: tabs.currentIndex
    readonly property alias chartPane: chartPane
    readonly property alias feedsEditor: feedsEditor
    readonly property alias exportCsvDialog: exportCsvDialog
    readonly property alias importDialog: importDialog
    readonly property alias exportDialog: exportDialog
    // A modal dialog is up: the window behind it is dimmed.
    readonly property bool modalOpen: exportCsvDialog.visible || importDialog.visible || exportDialog.visible
                                      || messageDialog.visible

    // A focused button takes Space (to press it), a focused text field types it: both before
    // the chart's pause shortcut.
    readonly property bool focusTakesSpace: {
        const item = root.Window.activeFocusItem
        return item !== null && (item instanceof T.AbstractButton || item instanceof TextInput || item instanceof TextEdit)
    }

    // What the keys do, each in one place; the window's menus show these same actions.
    readonly property Action quotesAction: Action {
        text: qsTr("&Quotes")
        shortcut: "Ctrl+1"
        onTriggered: root.showView(Dashboard.Quotes)
    }
    readonly property Action inventoryAction: Action {
        text: qsTr("&Inventory")
        shortcut: "Ctrl+2"
        onTriggered: root.showView(Dashboard.Inventory)
    }
    readonly property Action chartsAction: Action {
        text: qsTr("&Charts")
        shortcut: "Ctrl+3"
        onTriggered: root.showView(Dashboard.Charts)
    }
    readonly property Action feedsAction: Action {
        text: qsTr("&Feeds")
        shortcut: "Ctrl+4"
        onTriggered: root.showView(Dashboard.Feeds)
    }
    readonly property Action exportSnapshotAction: Action {
        text: qsTr("Export &snapshot…")
        shortcut: "Ctrl+E"
        onTriggered: root.exportSnapshot()
    }
    readonly property Action undoAction: Action {
        text: root.setup.document.undoText.length > 0 ? root.setup.document.undoText : qsTr("Undo")
        shortcut: StandardKey.Undo
        enabled: root.setup.document.undoText.length > 0
        onTriggered: root.setup.document.undoRemove()
    }

    function showView(view) {
        tabs.currentIndex = view
    }

    // Ctrl+E: a snapshot; "the rows shown" means the table in front of the user.
    function exportSnapshot() {
        const table = tabs.currentIndex === Dashboard.Quotes ? quotesPane.proxy
                    : tabs.currentIndex === Dashboard.Inventory ? inventoryPane.proxy : null
        exportCsvDialog.openFor("snapshot", table)
    }

    function exportHistory() {
        exportCsvDialog.openFor("history", null)
    }

    function addFeed() {
        tabs.currentIndex = Dashboard.Feeds
        feedsEditor.addFeed("coinbase")
    }

    function importWorkspace(path) {
        const problems = root.setup.document.importFrom(path)
        if (problems.length > 0) {
            messageDialog.title = qsTr("Workspace not imported")
            messageDialog.text = qsTr("%1 could not be imported; your feeds were not changed.").arg(path)
            messageDialog.informativeText = problems
            messageDialog.open()
        }
        return problems
    }

    function exportWorkspace(path) {
        const error = root.setup.document.exportTo(path)
        if (error.length > 0) {
            messageDialog.title = qsTr("Workspace not exported")
            messageDialog.text = qsTr("The workspace could not be written.")
            messageDialog.informativeText = error
            messageDialog.open()
        } else {
            root.notice(qsTr("Workspace exported to %1").arg(path))
        }
        return error
    }

    function notice(text) {
        noticeText.text = text
        noticeTimer.restart()
    }

    function localPath(url) {
        const text = url.toString()
        return text.startsWith("file://") ? decodeURIComponent(text.substring(7)) : text
    }

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
                spacing: 2
                currentIndex: Math.min(root.settings.view, tabs.count - 1)
                onCurrentIndexChanged: root.settings.view = tabs.currentIndex
                background: null
                ViewTab {
                    objectName: "quotesTab"
                    text: qsTr("Quotes")
                    shortcutText: qsTr("Quotes (%1)").arg(root.quotesAction.shortcut)
                }
                ViewTab {
                    objectName: "inventoryTab"
                    text: qsTr("Inventory")
                    shortcutText: qsTr("Inventory (%1)").arg(root.inventoryAction.shortcut)
                }
                ViewTab {
                    objectName: "chartsTab"
                    text: qsTr("Charts (%1)").arg(root.charts.seriesCount)
                    shortcutText: qsTr("Charts (%1); Space pauses").arg(root.chartsAction.shortcut)
                }
                ViewTab {
                    objectName: "feedsTab"
                    text: qsTr("Feeds")
                    shortcutText: qsTr("Feeds editor (%1)").arg(root.feedsAction.shortcut)
                }
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
                id: themeButton
                objectName: "themeButton"
                hoverEnabled: true // the tip depends on it, whatever the platform's hover hint
                text: root.settings.dark ? qsTr("Light") : qsTr("Dark")
                // Hidden from the press until the pointer leaves: after a click the tip does
                // not stay up over what the user reaches for next.
                property bool tipDone: false
                onPressed: themeButton.tipDone = true
                onHoveredChanged: if (!themeButton.hovered) themeButton.tipDone = false
                onClicked: root.settings.toggleTheme()
                ToolTip {
                    objectName: "themeTip"
                    // Beside the button, inside the tool bar: never over the banner below it.
                    x: -width - 6
                    y: (themeButton.height - height) / 2
                    delay: 600
                    timeout: 4000
                    visible: themeButton.hovered && !themeButton.tipDone
                    text: qsTr("Switch between light and dark")
                }
            }
            ToolButton {
                objectName: "feedsButton"
                text: qsTr("Health")
                checkable: true
                checked: root.settings.feedsPanelVisible
                onToggled: root.settings.feedsPanelVisible = checked
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Show or hide each feed's state and the problems list")
            }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Rectangle {
            objectName: "demoBanner"
            Layout.fillWidth: true
            visible: root.setup.document.demo && !root.settings.welcomeDismissed && root.setup.document.loadProblems.length === 0
            implicitHeight: demoRow.implicitHeight + 12
            color: Qt.alpha(palette.highlight, 0.15)
            RowLayout {
                id: demoRow
                anchors.verticalCenter: parent.verticalCenter
                x: 12
                width: parent.width - 24
                Label {
                    id: demoText
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    text: qsTr("Welcome to FeedDeck. This is the built-in demo, live: a simulated market and warehouse "
                               + "on this computer, no network needed. Add your own feeds, or open a workspace file.")
                }
                Button {
                    objectName: "welcomeAddFeed"
                    text: qsTr("Add a feed…")
                    onClicked: root.addFeed()
                }
                Button {
                    objectName: "welcomeDismiss"
                    text: qsTr("Dismiss")
                    onClicked: root.settings.welcomeDismissed = true
                }
            }
        }

        Rectangle {
            objectName: "undoBar"
            Layout.fillWidth: true
            visible: root.setup.document.undoText.length > 0
            implicitHeight: undoRow.implicitHeight + 8
            color: Qt.alpha(palette.highlight, 0.1)
            RowLayout {
                id: undoRow
                anchors.verticalCenter: parent.verticalCenter
                x: 12
                width: parent.width - 24
                Label {
                    Layout.fillWidth: true
                    text: qsTr("Feed removed.")
                }
                Button {
                    objectName: "undoButton"
                    text: root.setup.document.undoText + qsTr(" (Ctrl+Z)")
                    onClicked: root.setup.document.undoRemove()
                }
            }
        }

        SplitView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            orientation: Qt.Horizontal

            StackLayout {
                id: views
                SplitView.fillWidth: true
                currentIndex: tabs.currentIndex
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
                    feeds: root.feeds
                    settings: root.settings
                    filterText: filterField.text
                    onSeriesPicked: (feedId, symbol, field) => {
                        root.charts.addSeries(feedId, symbol, field)
                        tabs.currentIndex = Dashboard.Charts
                    }
                }

                InventoryPane {
                    id: inventoryPane
                    model: root.inventory
                    filterText: filterField.text
                }

                ChartPane {
                    id: chartPane
                    controller: root.charts
                    onExportRequested: root.exportHistory()
                }

                FeedsEditorPane {
                    id: feedsEditor
                    setup: root.setup
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

    // A workspace that failed to load: what is wrong and where, and the way out.
    Rectangle {
        objectName: "loadProblemScreen"
        anchors.fill: parent
        visible: root.setup.document.loadProblems.length > 0
        color: palette.window
        z: 10

        ColumnLayout {
            anchors.centerIn: parent
            width: Math.min(parent.width - 80, 820)
            spacing: 12
            Label {
                text: qsTr("Your workspace could not be opened")
                font.bold: true
                font.pixelSize: 20
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: qsTr("FeedDeck left the file exactly as it is. Fix what is listed below in a text editor and start "
                           + "FeedDeck again, or look around in the built-in demo meanwhile (changes to it are not saved "
                           + "over your file).")
            }
            TextArea {
                objectName: "loadProblemText"
                Layout.fillWidth: true
                readOnly: true
                wrapMode: TextEdit.Wrap
                font.family: "monospace"
                text: root.setup.document.loadProblems
                background: Rectangle { color: palette.base; border.color: palette.mid }
            }
            RowLayout {
                Button {
                    objectName: "openDemoButton"
                    text: qsTr("Open the demo")
                    highlighted: true
                    onClicked: root.setup.document.openDemo()
                }
                Button {
                    text: qsTr("Quit")
                    onClicked: Qt.quit()
                }
            }
        }
    }

    Rectangle {
        objectName: "noticeBar"
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: parent.bottom
        anchors.bottomMargin: 16
        visible: noticeTimer.running
        width: noticeText.implicitWidth + 32
        height: noticeText.implicitHeight + 16
        radius: 4
        color: palette.toolTipBase
        border.color: palette.mid
        z: 5
        Label {
            id: noticeText
            objectName: "noticeText"
            anchors.centerIn: parent
            color: palette.toolTipText
        }
        Timer {
            id: noticeTimer
            interval: 6000
        }
    }

    Connections {
        target: root.setup.document
        function onSaveFailed(message) {
            messageDialog.title = qsTr("Changes not saved")
            messageDialog.text = qsTr("Your last change is in use but could not be saved to the workspace file.")
            messageDialog.informativeText = message
            messageDialog.open()
        }
    }

    FileDialog {
        id: importDialog
        title: qsTr("Import workspace")
        nameFilters: [qsTr("Workspace files (*.json)"), qsTr("All files (*)")]
        fileMode: FileDialog.OpenFile
        onAccepted: root.importWorkspace(root.localPath(selectedFile))
    }

    FileDialog {
        id: exportDialog
        title: qsTr("Export workspace")
        nameFilters: [qsTr("Workspace files (*.json)")]
        fileMode: FileDialog.SaveFile
        defaultSuffix: "json"
        onAccepted: root.exportWorkspace(root.localPath(selectedFile))
    }

    MessageDialog {
        id: messageDialog
        objectName: "messageDialog"
        buttons: MessageDialog.Ok
    }

    Shortcut {
        sequence: "Ctrl+F"
        onActivated: { filterField.forceActiveFocus(); filterField.selectAll() }
    }
    Shortcut {
        // Only while the chart is showing and nothing focused takes Space itself.
        sequence: "Space"
        enabled: tabs.currentIndex === Dashboard.Charts && !root.focusTakesSpace
        onActivated: chartPane.togglePause()
    }
}
