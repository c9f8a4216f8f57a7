import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FeedDeck

// "Test connection": tries the settings as they are now, before they are applied, and
// shows the handshake result and the raw text of the first messages.
GroupBox {
    id: root

    required property FeedEditor editor
    required property ConnectionTester tester

    title: qsTr("Test connection")

    ColumnLayout {
        anchors.fill: parent
        spacing: 6

        RowLayout {
            Button {
                objectName: "testButton"
                text: root.tester.running ? qsTr("Testing…") : qsTr("Test connection")
                enabled: !root.tester.running && root.editor.valid
                onClicked: root.tester.start()
            }
            BusyIndicator {
                running: root.tester.running
                visible: running
                implicitWidth: 28
                implicitHeight: 28
            }
            Label {
                objectName: "testSummary"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: root.tester.summary.length > 0 ? root.tester.summary
                                                     : qsTr("Connects once with these settings, subscribes, and shows what arrives. Nothing is saved.")
                opacity: root.tester.summary.length > 0 ? 1.0 : 0.7
                color: !root.tester.hasResult ? palette.windowText : (root.tester.ok ? Theme.good : Theme.error)
            }
        }
        Repeater {
            model: root.tester.problems
            delegate: Label {
                required property string modelData
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                font.pixelSize: 12
                color: Theme.warning
                text: modelData
            }
        }
        TextArea {
            objectName: "testMessages"
            Layout.fillWidth: true
            Layout.maximumHeight: 180
            visible: root.tester.messages.length > 0
            readOnly: true
            font.family: "monospace"
            font.pixelSize: 12
            wrapMode: TextEdit.WrapAtWordBoundaryOrAnywhere // raw text: break between tokens where it can
            text: Array.from(root.tester.messages).join("\n")
        }
    }
}
