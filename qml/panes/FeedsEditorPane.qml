import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FeedDeck

// The feeds editor: the list of feeds on the left, the chosen feed's settings on the right.
// Every applied change is saved to the workspace file at once.
Pane {
    id: root

    required property FeedSetup setup
    readonly property WorkspaceDocument document: root.setup.document
    readonly property FeedEditor editor: root.setup.editor
    readonly property alias form: form

    function addFeed(protocol) {
        root.editor.startNew(protocol)
        form.focusName()
    }

    // Opening the view shows the first feed's settings rather than an empty form.
    function showFirstFeed() {
        if (root.visible && !root.editor.active && root.document.feedCount > 0)
            root.editor.edit(root.document.feeds.idAt(0))
    }

    onVisibleChanged: root.showFirstFeed()
    Component.onCompleted: showFirstFeed()
    Connections {
        target: root.document
        function onChanged() { root.showFirstFeed() }
    }

    padding: 10

    RowLayout {
        anchors.fill: parent
        spacing: 12

        FeedListPanel {
            Layout.preferredWidth: 280
            Layout.fillHeight: true
            document: root.document
            editor: root.editor
            onAddRequested: (protocol) => root.addFeed(protocol)
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 600 // not from the wrapped text inside, which follows the width
            spacing: 6

            Label {
                objectName: "saveNotice"
                Layout.fillWidth: true
                Layout.preferredWidth: 600
                visible: text.length > 0
                wrapMode: Text.Wrap
                text: root.document.saveNotice
                color: root.document.path.length > 0 ? Theme.error : palette.windowText
                opacity: 0.9
            }

            // The form or, with no feed chosen, what to do. A stack rather than two siblings
            // whose visibility flips: a layout told of both flips while this view was being
            // shown kept the form at zero width (the first Ctrl+4 showed an empty form).
            StackLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.preferredWidth: 600
                currentIndex: root.editor.active ? 0 : 1

                FeedForm {
                    id: form
                    setup: root.setup
                }

                Label {
                    horizontalAlignment: Text.AlignHCenter
                    verticalAlignment: Text.AlignVCenter
                    wrapMode: Text.Wrap
                    opacity: 0.7
                    text: root.document.feedCount > 0 ? qsTr("Choose a feed on the left to change its settings and subscriptions.")
                                                      : qsTr("Add a feed: Coinbase or Binance market data, or any JSON feed through a field mapping.")
                }
            }
        }
    }

    // Enter applies from any field that does not take Enter itself; Esc forgets unapplied changes.
    Shortcut {
        sequences: ["Ctrl+S", "Ctrl+Return"]
        enabled: root.visible && root.editor.active
        onActivated: form.applyChanges()
    }
    Shortcut {
        sequence: "Escape"
        enabled: root.visible && root.editor.dirty
        onActivated: root.editor.isNew ? root.editor.close() : root.editor.revert()
    }
}
