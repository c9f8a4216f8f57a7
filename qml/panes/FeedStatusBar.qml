import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FeedDeck

// The status bar: every feed with its state in plain words and its message count.
ToolBar {
    id: root

    required property FeedStatusModel model

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 12
        anchors.rightMargin: 12
        spacing: 18

        Repeater {
            model: root.model
            delegate: StateBadge {
                required property string name
                required property string state
                required property string stateText
                required property var messages
                required property string lastError
                required property string health
                required property string roundTrip

                title: name
                stateName: state
                feedHealth: health
                detail: roundTrip.length > 0 && state === "live" ? qsTr("%1 · %2 msgs · %3").arg(stateText).arg(messages).arg(roundTrip)
                                                                 : qsTr("%1 · %2 msgs").arg(stateText).arg(messages)
                tooltip: lastError
            }
        }
        Item { Layout.fillWidth: true }
    }
}
