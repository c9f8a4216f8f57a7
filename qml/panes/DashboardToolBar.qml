import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FeedDeck

// The window's tool bar: the views as tabs, the symbol filter, the theme switch and the
// feed health panel's toggle.
ToolBar {
    id: root

    required property UiSettings settings
    required property int chartSeriesCount
    required property int unreadAlerts
    // The actions that show each view (their keys go in the tabs' tips), in tab order.
    required property list<Action> viewActions

    property alias currentView: tabs.currentIndex
    readonly property alias filterText: filterField.text

    function focusFilter() {
        filterField.forceActiveFocus()
        filterField.selectAll()
    }

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 12
        anchors.rightMargin: 8
        spacing: 10

        Label {
            text: qsTr("FeedDeck")
            font.bold: true
            font.pixelSize: 16
        }
        TabBar {
            id: tabs
            objectName: "viewTabs"
            spacing: 2
            currentIndex: Math.min(root.settings.view, tabs.count - 1)
            onCurrentIndexChanged: root.settings.view = tabs.currentIndex
            background: null
            ViewTab {
                objectName: "quotesTab"
                text: qsTr("Quotes")
                shortcutText: qsTr("Quotes (%1)").arg(root.viewActions[Views.Quotes].shortcut)
            }
            ViewTab {
                objectName: "inventoryTab"
                text: qsTr("Inventory")
                shortcutText: qsTr("Inventory (%1)").arg(root.viewActions[Views.Inventory].shortcut)
            }
            ViewTab {
                objectName: "chartsTab"
                text: qsTr("Charts (%1)").arg(root.chartSeriesCount)
                shortcutText: qsTr("Charts (%1); Space pauses").arg(root.viewActions[Views.Charts].shortcut)
            }
            ViewTab {
                objectName: "feedsTab"
                text: qsTr("Feeds")
                shortcutText: qsTr("Feeds editor (%1)").arg(root.viewActions[Views.Feeds].shortcut)
            }
            ViewTab {
                objectName: "alertsTab"
                // The alerts that came while another view was in front.
                text: root.unreadAlerts > 0 ? qsTr("Alerts (%1)").arg(root.unreadAlerts) : qsTr("Alerts")
                shortcutText: qsTr("Alert log (%1)").arg(root.viewActions[Views.Alerts].shortcut)
            }
        }
        Item { Layout.fillWidth: true }
        TextField {
            id: filterField
            objectName: "filterField"
            Layout.preferredWidth: 240
            placeholderText: qsTr("Filter symbols (Ctrl+F)")
            Keys.onEscapePressed: filterField.clear()
        }
        ToolButton {
            id: themeButton
            objectName: "themeButton"
            hoverEnabled: true // the tip depends on it, whatever the platform's hover hint
            text: root.settings.dark ? qsTr("Light") : qsTr("Dark")
            // Hidden from the press until the pointer leaves: after a click the tip does
            // not stay up over what the user reaches for next.
            property bool tipDone: false
            onPressed: themeButton.tipDone = true
            onHoveredChanged: if (!themeButton.hovered) themeButton.tipDone = false
            onClicked: root.settings.toggleTheme()
            ToolTip {
                objectName: "themeTip"
                // Beside the button, inside the tool bar: never over the banner below it.
                x: -width - 6
                y: (themeButton.height - height) / 2
                delay: 600
                timeout: 4000
                visible: themeButton.hovered && !themeButton.tipDone
                text: qsTr("Switch between light and dark")
            }
        }
        ToolButton {
            objectName: "feedsButton"
            text: qsTr("Health")
            checkable: true
            checked: root.settings.feedsPanelVisible
            onToggled: root.settings.feedsPanelVisible = checked
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Show or hide each feed's state and the problems list")
        }
    }
}
