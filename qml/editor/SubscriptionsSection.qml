import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FeedDeck

// A feed's symbols: type or paste many at once (comma, space or one per line), remove,
// reorder. For a feed that exists they apply at once; refused ones show the server's reason.
GroupBox {
    id: root

    required property FeedEditor editor

    title: qsTr("Subscriptions (%1)").arg(root.editor.symbols.count)

    ColumnLayout {
        anchors.fill: parent
        spacing: 6

        RowLayout {
            Layout.fillWidth: true
            FramedTextArea {
                id: symbolInput
                objectName: "symbolInput"
                Layout.fillWidth: true
                Layout.maximumHeight: 90
                placeholderText: root.editor.protocol === "json"
                                 ? qsTr("Add keys, e.g. SKU-1001, SKU-1002 (Enter adds; paste many at once)")
                                 : root.editor.protocol === "nats"
                                   ? qsTr("Add subject patterns, e.g. feeddeck.crypto.* (Enter adds)")
                                   : qsTr("Add symbols, e.g. BTC-USD ETH-USD (Enter adds; paste many at once)")
                wrapMode: TextEdit.Wrap
                KeyNavigation.priority: KeyNavigation.BeforeItem
                KeyNavigation.tab: addSymbolsButton
                Keys.onReturnPressed: (event) => {
                    if (event.modifiers & Qt.ShiftModifier) {
                        event.accepted = false
                        return
                    }
                    addSymbolsButton.clicked()
                }
                Keys.onEnterPressed: addSymbolsButton.clicked()
            }
            Button {
                id: addSymbolsButton
                objectName: "addSymbolsButton"
                text: qsTr("Add")
                enabled: symbolInput.text.trim().length > 0
                onClicked: {
                    root.editor.addSymbols(symbolInput.text)
                    symbolInput.clear()
                }
            }
        }
        Label {
            objectName: "symbolNotice"
            Layout.fillWidth: true
            visible: text.length > 0
            text: root.editor.symbolNotice
            wrapMode: Text.Wrap
            font.pixelSize: 12
            opacity: 0.8
        }
        Label {
            Layout.fillWidth: true
            visible: root.editor.isNew && root.editor.symbols.count > 0
            text: qsTr("These subscribe when the feed is added.")
            font.pixelSize: 12
            opacity: 0.7
        }

        ListView {
            id: symbolList
            objectName: "symbolList"
            Layout.fillWidth: true
            Layout.preferredHeight: Math.min(contentHeight, 240)
            clip: true
            model: root.editor.symbols
            activeFocusOnTab: true
            keyNavigationEnabled: true
            ScrollBar.vertical: ScrollBar {}
            Keys.onDeletePressed: root.editor.removeSymbol(currentIndex)

            // The lines marked "qmllint disable unqualified" in this delegate reach this file's ids
            // (root). qmllint 6.4 flags any id reached from inside a delegate, having no way to be
            // told the delegate is only ever made here (6.5's pragma ComponentBehavior: Bound).
            delegate: ItemDelegate {
                id: symbolRow

                required property int index
                required property string symbol
                required property string rejected
                property bool reasonHovered: false

                width: ListView.view.width
                highlighted: ListView.isCurrentItem
                onClicked: ListView.view.currentIndex = symbolRow.index

                contentItem: RowLayout {
                    spacing: 4
                    Label {
                        text: symbolRow.symbol
                        font.family: "monospace"
                        Layout.preferredWidth: 160
                        elide: Text.ElideRight
                    }
                    Label {
                        objectName: "rejectedReason_" + symbolRow.symbol
                        Layout.fillWidth: true
                        text: symbolRow.rejected.length > 0 ? qsTr("refused: %1").arg(symbolRow.rejected) : ""
                        color: Theme.error
                        elide: Text.ElideRight
                        ToolTip.visible: symbolRow.reasonHovered && symbolRow.rejected.length > 0
                        ToolTip.text: symbolRow.rejected
                        // No id inside contentItem: it is a deferred property.
                        HoverHandler { onHoveredChanged: symbolRow.reasonHovered = hovered }
                    }
                    ToolButton {
                        text: "▲"
                        enabled: symbolRow.index > 0
                        focusPolicy: Qt.NoFocus
                        onClicked: root.editor.moveSymbol(symbolRow.index, symbolRow.index - 1) // qmllint disable unqualified
                        ToolTip.visible: hovered
                        ToolTip.text: qsTr("Move up")
                    }
                    ToolButton {
                        text: "▼"
                        enabled: symbolRow.index < root.editor.symbols.count - 1 // qmllint disable unqualified
                        focusPolicy: Qt.NoFocus
                        onClicked: root.editor.moveSymbol(symbolRow.index, symbolRow.index + 1) // qmllint disable unqualified
                        ToolTip.visible: hovered
                        ToolTip.text: qsTr("Move down")
                    }
                    ToolButton {
                        objectName: "removeSymbol_" + symbolRow.symbol
                        text: "✕"
                        focusPolicy: Qt.NoFocus
                        onClicked: root.editor.removeSymbol(symbolRow.index) // qmllint disable unqualified
                        ToolTip.visible: hovered
                        ToolTip.text: qsTr("Unsubscribe %1").arg(symbolRow.symbol)
                    }
                }
            }
        }
        Label {
            Layout.fillWidth: true
            visible: root.editor.symbols.count === 0
            opacity: 0.7
            wrapMode: Text.Wrap
            text: qsTr("No subscriptions: this feed shows nothing until you add symbols.")
        }
    }
}
