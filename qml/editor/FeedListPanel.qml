import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FeedDeck

// The configured feeds: pick one to edit, switch it on or off, add, duplicate, remove.
ColumnLayout {
    id: root

    required property WorkspaceDocument document
    required property FeedEditor editor

    readonly property alias list: feedList

    signal addRequested(string protocol)

    spacing: 6

    Label {
        text: qsTr("Feeds")
        font.bold: true
    }

    ListView {
        id: feedList
        objectName: "editorFeedList"
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        model: root.document.feeds
        currentIndex: root.document.feeds.rowOf(root.editor.feedId)
        activeFocusOnTab: true
        keyNavigationEnabled: true
        highlightMoveDuration: 0
        ScrollBar.vertical: ScrollBar {}
        Keys.onUpPressed: { decrementCurrentIndex(); root.editor.edit(root.document.feeds.idAt(currentIndex)) }
        Keys.onDownPressed: { incrementCurrentIndex(); root.editor.edit(root.document.feeds.idAt(currentIndex)) }
        Keys.onDeletePressed: removeButton.clicked()

        // The lines marked "qmllint disable unqualified" in this delegate reach this file's ids
        // (root). qmllint 6.4 flags any id reached from inside a delegate, having no way to be
        // told the delegate is only ever made here (6.5's pragma ComponentBehavior: Bound).
        delegate: ItemDelegate {
            id: row

            required property int index
            required property string feedId
            required property string name
            required property string protocolName
            required property int symbolCount
            required property bool feedEnabled

            objectName: "feedRow_" + feedId
            width: ListView.view.width
            highlighted: ListView.isCurrentItem
            onClicked: root.editor.edit(row.feedId) // qmllint disable unqualified

            // A tint with a bar, not Fusion's full highlight fill: the switch on the row is
            // drawn in the highlight colour and would read as off on it.
            background: Rectangle {
                objectName: "rowBackground"
                implicitHeight: 44
                color: row.highlighted ? Theme.selectedRow
                                       : row.hovered ? Theme.hoverTint : "transparent"
                Rectangle {
                    width: 3
                    height: parent.height
                    visible: row.highlighted
                    color: row.palette.highlight
                }
            }

            contentItem: RowLayout {
                spacing: 6
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 0
                    Label {
                        Layout.fillWidth: true
                        text: row.name
                        font.bold: true
                        elide: Text.ElideRight
                    }
                    Label {
                        Layout.fillWidth: true
                        text: row.protocolName + " · " + (row.symbolCount === 1 ? qsTr("1 symbol") : qsTr("%1 symbols").arg(row.symbolCount))
                        opacity: 0.75
                        font.pixelSize: 12
                        elide: Text.ElideRight
                    }
                }
                Switch {
                    objectName: "enabledSwitch"
                    checked: row.feedEnabled
                    focusPolicy: Qt.NoFocus
                    onToggled: root.document.setEnabled(row.feedId, checked) // qmllint disable unqualified
                    ToolTip.visible: hovered
                    ToolTip.text: checked ? qsTr("Connected: switch off to disconnect this feed")
                                          : qsTr("Switched off: switch on to connect")
                }
            }
        }

        Label {
            anchors.centerIn: parent
            width: parent.width - 20
            visible: feedList.count === 0
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            opacity: 0.7
            text: qsTr("No feeds yet.\nAdd one to see live values.")
        }
    }

    RowLayout {
        Layout.fillWidth: true
        spacing: 4
        Button {
            id: addButton
            objectName: "addFeedButton"
            text: qsTr("Add…")
            onClicked: addMenu.open()
            Menu {
                id: addMenu
                y: addButton.height
                MenuItem { objectName: "addCoinbase"; text: qsTr("Coinbase feed"); onTriggered: root.addRequested("coinbase") }
                MenuItem { objectName: "addBinance"; text: qsTr("Binance feed"); onTriggered: root.addRequested("binance") }
                MenuItem { objectName: "addJson"; text: qsTr("JSON feed (field mapping)"); onTriggered: root.addRequested("json") }
                MenuItem { objectName: "addNats"; text: qsTr("Desk relay feed (NATS)"); onTriggered: root.addRequested("nats") }
            }
        }
        Button {
            objectName: "duplicateFeedButton"
            text: qsTr("Duplicate")
            enabled: root.editor.feedId.length > 0
            onClicked: {
                const id = root.document.duplicateFeed(root.editor.feedId)
                if (id.length > 0)
                    root.editor.edit(id)
            }
        }
        Button {
            id: removeButton
            objectName: "removeFeedButton"
            text: qsTr("Remove")
            enabled: root.editor.feedId.length > 0
            onClicked: if (enabled) root.document.removeFeed(root.editor.feedId)
        }
    }
}
