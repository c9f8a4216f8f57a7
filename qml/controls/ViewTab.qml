import QtQuick
import QtQuick.Controls
import QtQuick.Controls.impl
import FeedDeck

// A view switcher tab that shows at a glance which view is in front: the active one is
// tinted, bold and underlined in the highlight colour. Its tooltip names the shortcut.
TabButton {
    id: control

    property string shortcutText

    width: implicitWidth + 20
    font.bold: control.checked
    ToolTip.visible: control.hovered && control.shortcutText.length > 0
    ToolTip.delay: 600
    ToolTip.text: control.shortcutText

    contentItem: Text {
        text: control.text
        font: control.font
        color: control.palette.windowText
        opacity: control.checked ? 1.0 : 0.8
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
    }

    background: Rectangle {
        implicitHeight: 32
        color: control.checked ? Theme.selectedRow
                               : control.hovered ? Theme.hoverTint : "transparent"
        radius: 3
        Rectangle {
            objectName: "activeMarker"
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            height: 3
            radius: 1
            visible: control.checked
            color: control.palette.highlight
        }
    }
}
