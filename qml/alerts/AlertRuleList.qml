import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FeedDeck

// The workspace's alert rules: each with its switch, what it watches and when it fires, and
// Edit, Duplicate and Delete (Undo brings a deleted rule back). Add rule opens the form.
Pane {
    id: root

    required property AlertRules rules

    readonly property alias list: list
    // Edit, Duplicate and Delete at the end of each row, lined up under one another.
    // With the form open beside it the list is narrow: the cooldown, the note, Duplicate and
    // Delete step aside (Cancel brings them back), and the condition takes what is left.
    readonly property bool wide: root.width >= 860
    readonly property int actionsWidth: root.wide ? 200 : 50

    padding: 0
    clip: true

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        RowLayout {
            Layout.fillWidth: true
            Layout.margins: 8
            spacing: 8
            Label {
                text: qsTr("Rules")
                font.bold: true
                font.pixelSize: 15
            }
            Label {
                objectName: "ruleCount"
                text: root.rules.list.count === 1 ? qsTr("1 rule") : qsTr("%1 rules").arg(root.rules.list.count)
                opacity: 0.75
            }
            Item { Layout.fillWidth: true }
            Button {
                objectName: "addRuleButton"
                text: qsTr("Add rule")
                onClicked: root.rules.editor.startNew()
            }
        }

        // Column titles over the list.
        RowLayout {
            Layout.fillWidth: true
            Layout.leftMargin: 8
            Layout.rightMargin: 8
            spacing: 8
            visible: list.count > 0
            Label { Layout.preferredWidth: 40; font.bold: true; text: qsTr("On") }
            Label { Layout.preferredWidth: 100; font.bold: true; text: qsTr("Rule") }
            Label { Layout.preferredWidth: 70; font.bold: true; text: qsTr("Feed") }
            Label { Layout.preferredWidth: 90; font.bold: true; text: qsTr("Symbol") }
            Label { Layout.preferredWidth: 200; Layout.fillWidth: !root.wide; font.bold: true; text: qsTr("Fires when") }
            Label { Layout.preferredWidth: 64; font.bold: true; text: qsTr("Severity") }
            Label { Layout.preferredWidth: 70; visible: root.wide; font.bold: true; text: qsTr("Cooldown") }
            Label { Layout.fillWidth: true; Layout.preferredWidth: 1; visible: root.wide; font.bold: true; text: qsTr("Note") }
            Item { Layout.preferredWidth: root.actionsWidth; Layout.minimumWidth: root.actionsWidth }
        }

        ListView {
            id: list
            objectName: "ruleList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: root.rules.list
            ScrollBar.vertical: ScrollBar {}

            Label {
                id: noRules
                objectName: "noRules"
                anchors.centerIn: parent
                width: Math.min(parent.width - 32, 560)
                visible: list.count === 0
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                textFormat: Text.StyledText
                linkColor: Theme.info
                text: qsTr("No rules yet — <a href=\"add\">Add rule</a>")
                      + "<br><small>" + qsTr("A rule watches a field of a feed (a price above a level, a stock below one, a feed gone silent) and fires an alert here.") + "</small>"
                onLinkActivated: root.rules.editor.startNew()
                HoverHandler { cursorShape: noRules.hoveredLink.length > 0 ? Qt.PointingHandCursor : Qt.ArrowCursor }
            }

            // The lines marked "qmllint disable unqualified" in this delegate reach this file's
            // root: qmllint 6.4 flags any id reached from inside a delegate (see FeedListPanel).
            delegate: Rectangle {
                id: rowItem
                required property int index
                required property string ruleId
                required property bool ruleEnabled
                required property string feed
                required property string symbol
                required property string condition
                required property string severity
                required property string cooldown
                required property string note

                width: ListView.view.width
                implicitHeight: cells.implicitHeight + 4
                color: root.rules.editor.active && root.rules.editor.originalId === rowItem.ruleId ? Theme.selectedRow // qmllint disable unqualified
                     : rowItem.index % 2 ? Theme.hoverTint : "transparent"

                TapHandler {
                    onDoubleTapped: root.rules.editor.edit(rowItem.ruleId) // qmllint disable unqualified
                }

                RowLayout {
                    id: cells
                    anchors.verticalCenter: parent.verticalCenter
                    x: 8
                    width: parent.width - 16
                    spacing: 8
                    opacity: rowItem.ruleEnabled ? 1.0 : 0.6
                    CheckBox {
                        objectName: "ruleEnabledSwitch"
                        Layout.preferredWidth: 40
                        checked: rowItem.ruleEnabled
                        ToolTip.visible: hovered
                        ToolTip.text: rowItem.ruleEnabled ? qsTr("On: click to switch the rule off") : qsTr("Off: click to switch the rule on")
                        onToggled: {
                            root.rules.setEnabled(rowItem.ruleId, checked) // qmllint disable unqualified
                            checked = Qt.binding(() => rowItem.ruleEnabled)
                        }
                    }
                    Label { Layout.preferredWidth: 100; text: rowItem.ruleId; font.bold: true; elide: Text.ElideRight }
                    Label { Layout.preferredWidth: 70; text: rowItem.feed; elide: Text.ElideRight }
                    Label { Layout.preferredWidth: 90; text: rowItem.symbol === "*" ? qsTr("every symbol") : rowItem.symbol; elide: Text.ElideRight }
                    Label {
                        Layout.preferredWidth: 200
                        Layout.fillWidth: !root.wide // qmllint disable unqualified
                        text: rowItem.condition
                        elide: Text.ElideRight
                    }
                    Label {
                        Layout.preferredWidth: 64
                        text: rowItem.severity
                        font.bold: rowItem.severity === "critical"
                        color: rowItem.severity === "critical" ? Theme.error
                             : rowItem.severity === "warning" ? Theme.warning : rowItem.palette.windowText
                    }
                    Label {
                        Layout.preferredWidth: 70
                        visible: root.wide // qmllint disable unqualified
                        text: rowItem.cooldown.length > 0 ? rowItem.cooldown : "—"
                    }
                    Label {
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1
                        visible: root.wide // qmllint disable unqualified
                        text: rowItem.note
                        elide: Text.ElideRight
                    }
                    RowLayout {
                        Layout.preferredWidth: root.actionsWidth // qmllint disable unqualified
                        Layout.minimumWidth: root.actionsWidth // qmllint disable unqualified
                        spacing: 0
                        ToolButton {
                            objectName: "editRuleButton"
                            text: qsTr("Edit")
                            onClicked: root.rules.editor.edit(rowItem.ruleId) // qmllint disable unqualified
                        }
                        ToolButton {
                            objectName: "duplicateRuleButton"
                            visible: root.wide // qmllint disable unqualified
                            text: qsTr("Duplicate")
                            onClicked: root.rules.duplicate(rowItem.ruleId) // qmllint disable unqualified
                        }
                        ToolButton {
                            objectName: "deleteRuleButton"
                            visible: root.wide // qmllint disable unqualified
                            text: qsTr("Delete")
                            onClicked: root.rules.remove(rowItem.ruleId) // qmllint disable unqualified
                        }
                    }
                }
            }
        }
    }
}
