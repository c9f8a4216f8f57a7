import QtQuick
import QtQuick.Controls
import FeedDeck

// The demo's welcome: what the user is looking at, and the way to their own feeds. Gone once
// dismissed, and while a workspace that failed to load is shown instead.
InfoBar {
    id: root

    required property WorkspaceDocument document
    required property UiSettings settings

    signal addFeedWanted()

    visible: root.document.demo && !root.settings.welcomeDismissed && root.document.loadProblems.length === 0
    text: qsTr("Welcome to FeedDeck. This is the built-in demo, live: a simulated market and warehouse "
               + "on this computer, no network needed. Add your own feeds, or open a workspace file.")
    Button {
        objectName: "welcomeAddFeed"
        text: qsTr("Add a feed…")
        onClicked: root.addFeedWanted()
    }
    Button {
        objectName: "welcomeDismiss"
        text: qsTr("Dismiss")
        onClicked: root.settings.welcomeDismissed = true
    }
}
