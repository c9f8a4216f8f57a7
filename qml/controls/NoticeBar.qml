import QtQuick
import QtQuick.Controls

// A short note at the bottom of the window ("Workspace exported to …") that goes by itself.
Rectangle {
    id: root

    function show(text) {
        noticeText.text = text
        noticeTimer.restart()
    }

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
