import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FeedDeck

// The newest alert across the top of the dashboard: it does not block anything, goes away by
// itself after some seconds (or at once with ✕), and comes back with the next alert. A bar on
// the left in the severity's colour; the text stays in the theme's own text colour so it reads
// in light and dark alike.
Rectangle {
    id: root

    required property AlertCenter alerts
    // How long an alert stays up.
    property int showMs: 8000

    signal openLogWanted()

    readonly property bool critical: root.alerts.latestSeverity === "critical"
    readonly property bool warning: root.alerts.latestSeverity === "warning"

    function dismiss() {
        hideTimer.stop()
        root.visible = false
    }

    visible: false
    implicitHeight: row.implicitHeight + 12
    color: root.critical ? Theme.errorTint : root.warning ? Theme.noticeTint : Theme.statusTint

    Connections {
        target: root.alerts
        function onFired() {
            root.visible = true
            hideTimer.restart()
        }
    }

    Timer {
        id: hideTimer
        interval: root.showMs
        onTriggered: root.visible = false
    }

    Rectangle {
        objectName: "severityBar"
        width: 5
        height: parent.height
        color: root.critical ? Theme.error : root.warning ? Theme.warning : Theme.info
    }

    RowLayout {
        id: row
        anchors.verticalCenter: parent.verticalCenter
        x: 14
        width: parent.width - 22
        spacing: 10

        Label {
            objectName: "alertSeverity"
            font.bold: true
            text: root.critical ? qsTr("Critical") : root.warning ? qsTr("Warning") : qsTr("Info")
        }
        Label {
            objectName: "alertSummary"
            font.bold: true
            text: root.alerts.latestSummary
        }
        Label {
            objectName: "alertDetails"
            Layout.fillWidth: true
            elide: Text.ElideRight
            text: root.alerts.latestDetails
        }
        Button {
            objectName: "alertShowLog"
            text: qsTr("Show log")
            flat: true
            onClicked: {
                root.dismiss()
                root.openLogWanted()
            }
        }
        ToolButton {
            objectName: "alertDismiss"
            text: "✕"
            onClicked: root.dismiss()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Dismiss; the alert stays in the log")
        }
    }
}
