import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FeedDeck

// Below the views: the running export with its progress and Cancel, then what it did
// (path, rows, Open folder) or why it failed. Never modal; the window stays usable.
Rectangle {
    id: root

    required property CsvExporter exporter

    property string message
    property bool succeeded: false

    visible: root.exporter.running || root.message.length > 0
    implicitHeight: row.implicitHeight + 10
    color: root.exporter.running || root.succeeded ? Theme.statusTint : Theme.errorTint

    Connections {
        target: root.exporter
        function onFinished(ok, message) {
            root.succeeded = ok
            root.message = message
        }
        function onRunningChanged() {
            if (root.exporter.running)
                root.message = ""
        }
    }

    RowLayout {
        id: row
        anchors.verticalCenter: parent.verticalCenter
        x: 12
        width: parent.width - 24
        spacing: 10

        Label {
            visible: root.exporter.running
            text: qsTr("Exporting…")
        }
        ProgressBar {
            objectName: "exportProgress"
            visible: root.exporter.running
            Layout.preferredWidth: 240
            from: 0
            to: 1
            value: root.exporter.progress
        }
        Button {
            objectName: "cancelExportButton"
            visible: root.exporter.running
            text: qsTr("Cancel")
            onClicked: root.exporter.cancel()
        }
        Label {
            objectName: "exportMessage"
            visible: !root.exporter.running
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: root.message
        }
        Item { Layout.fillWidth: true; visible: root.exporter.running }
        Button {
            visible: !root.exporter.running && root.succeeded
            text: qsTr("Open folder")
            onClicked: root.exporter.openFolder()
        }
        ToolButton {
            visible: !root.exporter.running
            text: "✕"
            onClicked: root.message = ""
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Dismiss")
        }
    }
}
