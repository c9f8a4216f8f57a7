import QtQuick
import QtQuick.Controls
import FeedDeck

// What the dashboard's keys do, each key set once, on its Action: the keys work wherever
// the dashboard is, and the window's menus show these same actions with their keys. The
// dashboard answers the wishes (viewWanted, snapshotWanted).
QtObject {
    id: root

    required property WorkspaceDocument document

    signal viewWanted(int view)
    signal snapshotWanted()

    readonly property Action quotes: Action {
        text: qsTr("&Quotes")
        shortcut: "Ctrl+1"
        onTriggered: root.viewWanted(Views.Quotes)
    }
    readonly property Action inventory: Action {
        text: qsTr("&Inventory")
        shortcut: "Ctrl+2"
        onTriggered: root.viewWanted(Views.Inventory)
    }
    readonly property Action charts: Action {
        text: qsTr("&Charts")
        shortcut: "Ctrl+3"
        onTriggered: root.viewWanted(Views.Charts)
    }
    readonly property Action feeds: Action {
        text: qsTr("&Feeds")
        shortcut: "Ctrl+4"
        onTriggered: root.viewWanted(Views.Feeds)
    }
    readonly property Action alerts: Action {
        text: qsTr("&Alerts")
        shortcut: "Ctrl+5"
        onTriggered: root.viewWanted(Views.Alerts)
    }
    readonly property Action exportSnapshot: Action {
        text: qsTr("Export &snapshot…")
        shortcut: "Ctrl+E"
        onTriggered: root.snapshotWanted()
    }
    readonly property Action undo: Action {
        text: root.document.undoText.length > 0 ? root.document.undoText : qsTr("Undo")
        // StandardKey (QKeySequence's enum, exported by QtQuick) is unknown to qmllint 6.4.
        shortcut: StandardKey.Undo // qmllint disable unqualified
        enabled: root.document.undoText.length > 0
        onTriggered: root.document.undoRemove()
    }
}
