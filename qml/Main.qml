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

    // Light or dark as chosen; every control and view below inherits it.
    palette.window: root.settings.colors.window
    palette.windowText: root.settings.colors.windowText
    palette.base: root.settings.colors.base
    palette.alternateBase: root.settings.colors.alternateBase
    palette.text: root.settings.colors.text
    palette.button: root.settings.colors.button
    palette.buttonText: root.settings.colors.buttonText
    palette.highlight: root.settings.colors.highlight
    palette.highlightedText: root.settings.colors.highlightedText
    palette.mid: root.settings.colors.mid
    palette.midlight: root.settings.colors.midlight
    palette.light: root.settings.colors.light
    palette.dark: root.settings.colors.dark
    palette.shadow: root.settings.colors.shadow
    palette.placeholderText: root.settings.colors.placeholderText
    palette.toolTipBase: root.settings.colors.toolTipBase
    palette.toolTipText: root.settings.colors.toolTipText
    palette.brightText: root.settings.colors.brightText

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
