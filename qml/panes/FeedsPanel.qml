import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FeedDeck

// Feed health at a glance: every feed's state in plain words, message rate, last
// message age, reconnects, bad and oversize counts, refused symbols; below, the last
// problems with a hint of what to do.
Pane {
    id: root

    required property FeedStatusModel feeds
    required property ProblemListModel problems

    padding: 0

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Label {
            text: qsTr("Feed health")
            font.bold: true
            Layout.margins: 10
        }

        ListView {
            id: feedList
            objectName: "feedList"
            Layout.fillWidth: true
            Layout.preferredHeight: Math.min(contentHeight, parent.height * 0.55)
            clip: true
            model: root.feeds
            spacing: 2
            delegate: Rectangle {
                id: feedCard

                required property string name
                required property string state
                required property string stateText
                required property double messages
                required property double messagesPerSecond
                required property string lastMessage
                required property int reconnects
                required property double badMessages
                required property double oversize
                required property string lastError
                required property string rejected
                required property double attempts
                required property string health
                required property string roundTrip
                required property string subprotocol
                required property string relay

                // Items joined by " · ", each kept on one line: a narrow panel wraps between them only.
                // An empty item, a detail this feed does not have, is left out.
                function unbreakable(items: list<string>): string {
                    return items.filter(item => item.length > 0).map(item => item.replace(/ /g, "\u00a0")).join(" · ")
                }

                width: ListView.view.width
                implicitHeight: details.implicitHeight + 16
                color: palette.base

                ColumnLayout {
                    id: details
                    anchors.left: parent.left
                    anchors.right: parent.right
                    anchors.top: parent.top
                    anchors.margins: 8
                    spacing: 2

                    StateBadge {
                        objectName: "feedBadge"
                        Layout.fillWidth: true
                        wrapDetail: true
                        title: feedCard.name
                        stateName: feedCard.state
                        feedHealth: feedCard.health
                        detail: feedCard.stateText
                        tooltip: feedCard.lastError
                    }
                    Label {
                        Layout.fillWidth: true
                        opacity: 0.8
                        font.pixelSize: 12
                        wrapMode: Text.Wrap
                        text: feedCard.unbreakable([feedCard.relay.length > 0 ? qsTr("via %1").arg(feedCard.relay) : "",
                                                    qsTr("%1 msg/s").arg(feedCard.messagesPerSecond.toFixed(1)),
                                                    feedCard.lastMessage, qsTr("%1 msgs").arg(feedCard.messages)])
                    }
                    Label {
                        Layout.fillWidth: true
                        opacity: 0.8
                        font.pixelSize: 12
                        objectName: "feedCounters"
                        wrapMode: Text.Wrap
                        text: feedCard.unbreakable([qsTr("attempts %1").arg(feedCard.attempts),
                                                    qsTr("reconnects %1").arg(feedCard.reconnects),
                                                    qsTr("bad %1").arg(feedCard.badMessages),
                                                    qsTr("oversize %1").arg(feedCard.oversize),
                                                    feedCard.roundTrip,
                                                    feedCard.subprotocol.length > 0
                                                    ? qsTr("subprotocol %1").arg(feedCard.subprotocol) : ""])
                    }
                    Label {
                        Layout.fillWidth: true
                        visible: feedCard.lastError.length > 0 && feedCard.state !== "live"
                        wrapMode: Text.Wrap
                        font.pixelSize: 12
                        color: Theme.error
                        text: feedCard.lastError
                    }
                    Label {
                        Layout.fillWidth: true
                        visible: feedCard.rejected.length > 0
                        wrapMode: Text.Wrap
                        font.pixelSize: 12
                        color: Theme.warning
                        text: qsTr("Refused: %1").arg(feedCard.rejected)
                    }
                }
            }
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.margins: 10
            Label {
                text: qsTr("Problems")
                font.bold: true
                Layout.fillWidth: true
            }
            Button {
                text: qsTr("Clear")
                enabled: root.problems.count > 0
                onClicked: root.problems.clear()
            }
        }

        ListView {
            objectName: "problemList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: root.problems
            spacing: 6
            ScrollBar.vertical: ScrollBar {}
            delegate: ColumnLayout {
                id: problem

                required property string time
                required property string text
                required property string hint

                width: ListView.view.width - 20
                x: 10
                spacing: 1
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    font.pixelSize: 12
                    text: problem.time + "  " + problem.text
                }
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    font.pixelSize: 12
                    opacity: 0.7
                    text: problem.hint
                }
            }

            Label {
                anchors.centerIn: parent
                visible: root.problems.count === 0
                opacity: 0.6
                text: qsTr("No problems so far.")
            }
        }
    }
}
