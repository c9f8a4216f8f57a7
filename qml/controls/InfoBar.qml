import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FeedDeck

// A bar across the window below the tool bar: one line for the user and the buttons that
// answer it (the demo's welcome, "Feed removed." with Undo).
Rectangle {
    id: root

    property string text
    // Its fill (a Theme tint), and the space above and below the line.
    property color tint: Theme.noticeTint
    property int verticalPadding: 6
    default property alias buttons: buttonRow.data

    implicitHeight: row.implicitHeight + 2 * root.verticalPadding
    color: root.tint

    RowLayout {
        id: row
        anchors.verticalCenter: parent.verticalCenter
        x: 12
        width: parent.width - 24
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: root.text
        }
        RowLayout {
            id: buttonRow
        }
    }
}
