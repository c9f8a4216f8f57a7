import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FeedDeck

// The time windows a chart can show, one button each; the current one is highlighted unless
// the view is detached from it (zoomed or panned).
// Displays only: the pane decides what a pick does.
RowLayout {
    id: root

    required property int current // a ChartController.Window
    property bool detached: false // zoomed or panned: no window is what the chart shows

    signal windowPicked(int window)

    component WindowButton: Button {
        id: button
        implicitWidth: Math.max(42, button.implicitContentWidth + 20)
        focusPolicy: Qt.NoFocus
    }

    spacing: 2

    WindowButton {
        objectName: "window_1m"
        text: qsTr("1m")
        highlighted: !root.detached && root.current === ChartController.OneMinute
        onClicked: root.windowPicked(ChartController.OneMinute)
    }
    WindowButton {
        objectName: "window_5m"
        text: qsTr("5m")
        highlighted: !root.detached && root.current === ChartController.FiveMinutes
        onClicked: root.windowPicked(ChartController.FiveMinutes)
    }
    WindowButton {
        objectName: "window_15m"
        text: qsTr("15m")
        highlighted: !root.detached && root.current === ChartController.FifteenMinutes
        onClicked: root.windowPicked(ChartController.FifteenMinutes)
    }
    WindowButton {
        objectName: "window_1h"
        text: qsTr("1h")
        highlighted: !root.detached && root.current === ChartController.OneHour
        onClicked: root.windowPicked(ChartController.OneHour)
    }
    WindowButton {
        id: allButton
        objectName: "window_All"
        text: qsTr("All")
        highlighted: !root.detached && root.current === ChartController.All
        onClicked: root.windowPicked(ChartController.All)
        ToolTip.visible: allButton.hovered
        ToolTip.text: qsTr("Everything still held in memory for these series")
    }
}
