import QtQuick
import FeedDeck
import QtQuick.Controls
import QtQuick.Layouts

// A coloured dot with a feed's name and state; displays only, never calls C++.
RowLayout {
    id: root

    property string title
    property string stateName
    property string feedHealth: "ok" // "retrying": warning colour; "failing": error colour
    readonly property color dotColor: root.feedHealth === "failing" || root.stateName === "failed" ? Theme.error
                                    : root.feedHealth === "retrying" || root.stateName === "stale" ? Theme.caution
                                    : root.stateName === "live" ? Theme.good
                                    : root.stateName === "disabled" ? Theme.neutral : Theme.info
    property string detail
    property string tooltip
    // In a narrow column the detail wraps under the name instead of running out of view
    // (a nats feed's "relay live · upstream Coinbase reconnecting in 3 s").
    property bool wrapDetail: false

    spacing: 6

    Rectangle {
        width: 10
        height: 10
        radius: 5
        color: root.dotColor
    }
    Label {
        text: root.title
        font.bold: true
    }
    Label {
        objectName: "stateDetail"
        text: root.detail
        opacity: 0.8
        Layout.fillWidth: root.wrapDetail
        wrapMode: root.wrapDetail ? Text.Wrap : Text.NoWrap

        ToolTip.visible: hover.hovered && root.tooltip.length > 0
        ToolTip.text: root.tooltip
        HoverHandler { id: hover }
    }
}
