import QtQuick
import QtQuick.Controls
import FeedDeck

// The main window: the dashboard, full screen on F11, geometry remembered.
ApplicationWindow {
    id: root

    required property QuoteTableModel quotes
    required property InventoryModel inventory
    required property FeedStatusModel feeds
    required property ProblemListModel problems
    required property UiSettings settings
    required property ChartController charts
    required property string workspaceName
    required property bool demo

    width: root.settings.geometry.width > 200 ? root.settings.geometry.width : 1280
    height: root.settings.geometry.height > 200 ? root.settings.geometry.height : 780
    visible: true
    title: qsTr("FeedDeck — %1").arg(root.workspaceName)

    onClosing: root.settings.geometry = Qt.rect(root.x, root.y, root.width, root.height)

    Dashboard {
        anchors.fill: parent
        quotes: root.quotes
        inventory: root.inventory
        feeds: root.feeds
        problems: root.problems
        settings: root.settings
        charts: root.charts
        demo: root.demo
    }

    Shortcut {
        sequence: "F11"
        onActivated: root.visibility = root.visibility === Window.FullScreen ? Window.Windowed : Window.FullScreen
    }
}
