import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// One charted series in the legend: colour swatch, name, and a remove button.
RowLayout {
    id: root

    required property int index
    required property string name
    required property color seriesColor
    required property var retained

    signal removeClicked(int index)

    spacing: 4

    Rectangle {
        implicitWidth: 14
        implicitHeight: 3
        radius: 1
        color: root.seriesColor
    }
    Label {
        text: root.name
        ToolTip.visible: nameHover.hovered
        ToolTip.text: qsTr("%1 points recorded").arg(Number(root.retained).toLocaleString(Qt.locale(), "f", 0))
        HoverHandler { id: nameHover }
    }
    ToolButton {
        id: removeButton
        text: "×"
        font.pixelSize: 15
        implicitWidth: 24
        implicitHeight: 24
        focusPolicy: Qt.NoFocus
        onClicked: root.removeClicked(root.index)
        ToolTip.visible: removeButton.hovered
        ToolTip.text: qsTr("Remove %1 from the chart").arg(root.name)
    }
}
