import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import FeedDeck

// The Alerts view: every alert kept in the log, newest first, with its CSV export and Clear.
// What went wrong with the log file or the desktop notifications shows above the list.
Pane {
    id: root

    required property AlertCenter alerts
    required property UiSettings settings

    readonly property alias list: list
    readonly property alias exportDialog: exportDialog
    property string exportMessage

    // The export itself, from the dialog or a test: "" when written.
    function exportTo(path) {
        const error = root.alerts.exportCsv(path)
        root.exportMessage = error.length > 0 ? error : qsTr("Alert log exported to %1").arg(path)
        return error
    }

    padding: 0

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        RowLayout {
            Layout.fillWidth: true
            Layout.margins: 8
            spacing: 8
            Label {
                objectName: "alertCount"
                text: qsTr("%n alerts", "", root.alerts.log.count)
            }
            Item { Layout.fillWidth: true }
            Button {
                objectName: "exportAlertsButton"
                text: qsTr("Export CSV…")
                enabled: root.alerts.log.count > 0
                onClicked: exportDialog.open()
            }
            Button {
                objectName: "clearAlertsButton"
                text: qsTr("Clear")
                enabled: root.alerts.log.count > 0
                onClicked: root.alerts.clear()
            }
        }

        InfoBar {
            objectName: "alertProblem"
            Layout.fillWidth: true
            visible: text.length > 0
            tint: Theme.errorTint
            text: root.alerts.problem
        }
        InfoBar {
            objectName: "notificationsUnavailable"
            Layout.fillWidth: true
            visible: !root.alerts.notifier.available
            tint: Theme.quietNoticeTint
            text: root.alerts.notifier.unavailableReason
        }
        InfoBar {
            objectName: "exportMessage"
            Layout.fillWidth: true
            visible: text.length > 0
            tint: Theme.statusTint
            text: root.exportMessage
            ToolButton {
                text: "✕"
                onClicked: root.exportMessage = ""
            }
        }

        // Column titles over the list.
        RowLayout {
            Layout.fillWidth: true
            Layout.topMargin: 6
            Layout.leftMargin: 8
            Layout.rightMargin: 8
            spacing: 8
            Label { Layout.preferredWidth: 190; font.bold: true; text: qsTr("Time") }
            Label { Layout.preferredWidth: 70; font.bold: true; text: qsTr("Severity") }
            Label { Layout.preferredWidth: 120; font.bold: true; text: qsTr("Rule") }
            Label { Layout.preferredWidth: 90; font.bold: true; text: qsTr("Feed") }
            Label { Layout.preferredWidth: 110; font.bold: true; text: qsTr("Symbol") }
            Label { Layout.preferredWidth: 80; font.bold: true; text: qsTr("Field") }
            Label { Layout.preferredWidth: 110; font.bold: true; text: qsTr("Value"); horizontalAlignment: Text.AlignRight }
            Label { Layout.fillWidth: true; font.bold: true; text: qsTr("Note") }
        }

        ListView {
            id: list
            objectName: "alertList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: root.alerts.log
            ScrollBar.vertical: ScrollBar {}

            Label {
                anchors.centerIn: parent
                visible: list.count === 0
                text: qsTr("No alerts yet. The rules above fire here.")
                opacity: 0.7
            }

            delegate: Rectangle {
                id: rowItem
                required property int index
                required property string time
                required property string rule
                required property string feed
                required property string symbol
                required property string field
                required property string value
                required property string severity
                required property string note

                width: ListView.view.width
                implicitHeight: cells.implicitHeight + 8
                color: rowItem.index % 2 ? Theme.hoverTint : "transparent"

                RowLayout {
                    id: cells
                    anchors.verticalCenter: parent.verticalCenter
                    x: 8
                    width: parent.width - 16
                    spacing: 8
                    Label { Layout.preferredWidth: 190; text: rowItem.time; font.family: "monospace" }
                    Label {
                        Layout.preferredWidth: 70
                        text: rowItem.severity
                        font.bold: rowItem.severity === "critical"
                        color: rowItem.severity === "critical" ? Theme.error
                             : rowItem.severity === "warning" ? Theme.warning : rowItem.palette.windowText
                    }
                    Label { Layout.preferredWidth: 120; text: rowItem.rule; elide: Text.ElideRight }
                    Label { Layout.preferredWidth: 90; text: rowItem.feed; elide: Text.ElideRight }
                    Label { Layout.preferredWidth: 110; text: rowItem.symbol; elide: Text.ElideRight }
                    Label { Layout.preferredWidth: 80; text: rowItem.field; elide: Text.ElideRight }
                    Label { Layout.preferredWidth: 110; text: rowItem.value; horizontalAlignment: Text.AlignRight }
                    Label { Layout.fillWidth: true; text: rowItem.note; elide: Text.ElideRight }
                }
            }
        }
    }

    FileDialog {
        id: exportDialog
        objectName: "alertExportDialog"
        title: qsTr("Export the alert log")
        fileMode: FileDialog.SaveFile
        nameFilters: [qsTr("CSV files (*.csv)")]
        defaultSuffix: "csv"
        currentFolder: LocalFiles.urlOf(root.settings.exportFolder)
        onAccepted: root.exportTo(LocalFiles.pathOf(exportDialog.selectedFile))
    }
}
