import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FeedDeck

// Composes the main window: the quotes table and each feed's state.
ApplicationWindow {
    id: root

    required property QuoteTableModel quotes
    required property FeedStatusModel feeds
    required property string workspaceName

    width: 1180
    height: 720
    visible: true
    title: qsTr("FeedDeck — %1").arg(root.workspaceName)

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 12
            anchors.rightMargin: 12
            spacing: 12

            Label {
                text: qsTr("FeedDeck")
                font.bold: true
                font.pixelSize: 16
            }
            Label {
                text: root.workspaceName
                opacity: 0.7
                elide: Text.ElideMiddle
                Layout.fillWidth: true
            }
            Label {
                text: root.feeds.summary
                opacity: 0.85
            }
        }
    }

    QuotesPane {
        anchors.fill: parent
        model: root.quotes
    }

    footer: FeedStatusBar {
        model: root.feeds
    }
}
