import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FeedDeck

// A workspace that failed to load: what is wrong and where, and the way out. Covers the
// window while there are load problems.
Rectangle {
    id: root

    required property WorkspaceDocument document

    visible: root.document.loadProblems.length > 0
    color: palette.window

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
            text: root.document.loadProblems
            background: Rectangle { color: palette.base; border.color: palette.mid }
        }
        RowLayout {
            Button {
                objectName: "openDemoButton"
                text: qsTr("Open the demo")
                highlighted: true
                onClicked: root.document.openDemo()
            }
            Button {
                text: qsTr("Quit")
                onClicked: Qt.quit()
            }
        }
    }
}
