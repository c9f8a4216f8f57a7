import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FeedDeck

// The Charts view: rows of chart panels with splitters between them. Each panel has a title
// bar to split it right or down, maximise it (or double-click the title) and close it. The
// current panel (the last one clicked) takes the rows picked in the tables and is outlined
// when there are several.
Item {
    id: root

    required property ChartBoard board
    required property DerivedSeriesDraft derivedSeries

    // The user asked to export the current panel's history to CSV.
    signal exportRequested()

    // The ChartPane of the current panel (null while the view is being rebuilt).
    property ChartPane currentPane: null

    // Main.qml forwards the Space shortcut here.
    function togglePause() {
        root.board.current.togglePaused()
    }

    function panelTitle(panel: ChartController): string {
        const rows = root.board.rows
        let n = 0
        for (const row of rows)
            for (const p of row) {
                ++n
                if (p === panel)
                    return qsTr("Chart %1").arg(n)
            }
        return ""
    }

    SplitView {
        id: rowsView
        objectName: "chartRows"
        anchors.fill: parent
        orientation: Qt.Vertical

        Repeater {
            model: root.board.rows
            // The lines marked to be skipped by the linter reach this file's ids (root, rowsView),
            // which the 6.4 linter reports from any delegate (6.5's ComponentBehavior: Bound cures it).
            delegate: SplitView {
                id: rowView

                required property var modelData
                required property int index

                objectName: "chartRow"
                orientation: Qt.Horizontal
                visible: root.board.maximised === null || rowView.modelData.indexOf(root.board.maximised) >= 0 // qmllint disable unqualified
                SplitView.fillHeight: true
                SplitView.preferredHeight: rowsView.height / Math.max(1, root.board.rows.length) // qmllint disable unqualified

                Repeater {
                    model: rowView.modelData
                    delegate: Rectangle {
                        id: panelFrame

                        required property ChartController modelData
                        readonly property bool isCurrent: root.board.current === panelFrame.modelData // qmllint disable unqualified
                        readonly property alias pane: pane

                        objectName: "chartPanel"
                        visible: root.board.maximised === null || root.board.maximised === panelFrame.modelData // qmllint disable unqualified
                        SplitView.fillWidth: true
                        SplitView.preferredWidth: rowView.width / Math.max(1, rowView.modelData.length) // qmllint disable unqualified
                        SplitView.minimumWidth: 240
                        SplitView.minimumHeight: 160
                        color: "transparent"
                        clip: true
                        border.width: panelFrame.isCurrent && root.board.count > 1 ? 2 : 0 // qmllint disable unqualified
                        border.color: panelFrame.palette.highlight

                        Binding {
                            when: panelFrame.isCurrent
                            target: root // qmllint disable unqualified
                            property: "currentPane"
                            value: pane
                            restoreMode: Binding.RestoreNone
                        }

                        ColumnLayout {
                            anchors.fill: parent
                            anchors.margins: panelFrame.border.width
                            spacing: 0

                            Rectangle {
                                objectName: "panelTitleBar"
                                Layout.fillWidth: true
                                implicitHeight: 26
                                color: panelFrame.isCurrent ? panelFrame.palette.alternateBase : panelFrame.palette.window

                                RowLayout {
                                    anchors.fill: parent
                                    anchors.leftMargin: 8
                                    spacing: 2
                                    Label {
                                        objectName: "panelTitle"
                                        text: root.panelTitle(panelFrame.modelData) // qmllint disable unqualified
                                        font.bold: panelFrame.isCurrent
                                        Layout.fillWidth: true
                                        elide: Text.ElideRight

                                        MouseArea {
                                            anchors.fill: parent
                                            onClicked: root.board.setCurrent(panelFrame.modelData) // qmllint disable unqualified
                                            onDoubleClicked: root.board.toggleMaximised(panelFrame.modelData) // qmllint disable unqualified
                                        }
                                    }
                                    ToolButton {
                                        objectName: "splitRightButton"
                                        text: "⇥"
                                        enabled: root.board.count < root.board.maxPanels // qmllint disable unqualified
                                        onClicked: root.board.splitRight(panelFrame.modelData) // qmllint disable unqualified
                                        ToolTip.visible: hovered
                                        ToolTip.text: qsTr("Split: a new chart to the right")
                                    }
                                    ToolButton {
                                        objectName: "splitDownButton"
                                        text: "⤓"
                                        enabled: root.board.count < root.board.maxPanels // qmllint disable unqualified
                                        onClicked: root.board.splitDown(panelFrame.modelData) // qmllint disable unqualified
                                        ToolTip.visible: hovered
                                        ToolTip.text: qsTr("Split: a new chart below")
                                    }
                                    ToolButton {
                                        objectName: "maximiseButton"
                                        text: root.board.maximised === panelFrame.modelData ? "⤡" : "⤢" // qmllint disable unqualified
                                        visible: root.board.count > 1 // qmllint disable unqualified
                                        onClicked: root.board.toggleMaximised(panelFrame.modelData) // qmllint disable unqualified
                                        ToolTip.visible: hovered
                                        ToolTip.text: root.board.maximised === panelFrame.modelData // qmllint disable unqualified
                                                      ? qsTr("Back to all charts (or double-click the title)")
                                                      : qsTr("Maximise this chart (or double-click the title)")
                                    }
                                    ToolButton {
                                        objectName: "closePanelButton"
                                        text: "✕"
                                        visible: root.board.count > 1 // qmllint disable unqualified
                                        onClicked: root.board.removePanel(panelFrame.modelData) // qmllint disable unqualified
                                        ToolTip.visible: hovered
                                        ToolTip.text: qsTr("Close this chart")
                                    }
                                }
                            }

                            ChartPane {
                                id: pane
                                Layout.fillWidth: true
                                Layout.fillHeight: true
                                // Narrower than its tool bar when panels share a row: the bar is cut, not the chart.
                                Layout.minimumWidth: 0
                                controller: panelFrame.modelData
                                derivedSeries: root.derivedSeries // qmllint disable unqualified
                                onActivated: root.board.setCurrent(panelFrame.modelData) // qmllint disable unqualified
                                onExportRequested: root.exportRequested() // qmllint disable unqualified
                            }
                        }
                    }
                }
            }
        }
    }
}
