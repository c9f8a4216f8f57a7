import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FeedDeck

// Every setting of the feed being edited, with Apply (Enter, Ctrl+S) and Revert (Esc).
// Nothing but the subscriptions changes the running feed before Apply.
ScrollView {
    id: root

    required property FeedSetup setup
    readonly property FeedEditor editor: root.setup.editor

    function focusName() {
        connection.focusName()
    }

    function applyChanges() {
        if (root.editor.dirty)
            root.editor.apply()
    }

    contentWidth: availableWidth
    clip: true

    ColumnLayout {
        width: root.availableWidth
        spacing: 10

        RowLayout {
            Layout.fillWidth: true
            Layout.topMargin: 4
            Label {
                Layout.fillWidth: true
                text: root.editor.isNew ? qsTr("New feed") : root.editor.name
                font.bold: true
                font.pixelSize: 16
                elide: Text.ElideRight
            }
            StateBadge {
                visible: root.editor.liveState.length > 0
                title: ""
                stateName: root.editor.liveState
                detail: root.editor.liveStateText
            }
        }

        ConnectionSection {
            id: connection
            Layout.fillWidth: true
            editor: root.editor
            onApplyRequested: root.applyChanges()
        }
        ConnectionTestSection {
            Layout.fillWidth: true
            editor: root.editor
            tester: root.setup.tester
        }
        SubscriptionsSection {
            Layout.fillWidth: true
            editor: root.editor
        }
        MappingSection {
            Layout.fillWidth: true
            visible: root.editor.protocol === "json"
            editor: root.editor
            preview: root.setup.preview
        }
        AdvancedSection {
            Layout.fillWidth: true
            editor: root.editor
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.bottomMargin: 8
            Button {
                objectName: "applyButton"
                text: root.editor.isNew ? qsTr("Add feed") : qsTr("Apply")
                highlighted: true
                enabled: root.editor.dirty && root.editor.valid
                onClicked: root.editor.apply()
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Save and use these settings (Enter or Ctrl+S)")
            }
            Button {
                objectName: "revertButton"
                text: root.editor.isNew ? qsTr("Cancel") : qsTr("Revert")
                enabled: root.editor.dirty
                onClicked: root.editor.isNew ? root.editor.close() : root.editor.revert()
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Forget the changes not applied yet (Esc)")
            }
            Label {
                objectName: "formStatus"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: root.editor.valid ? palette.windowText : Theme.error
                opacity: root.editor.valid ? 0.7 : 1.0
                text: root.editor.applyError.length > 0 ? root.editor.applyError
                    : !root.editor.valid ? qsTr("Some settings need fixing (marked in red)")
                    : root.editor.dirty ? qsTr("Changes not applied yet")
                    : qsTr("Saved")
            }
        }
    }
}
