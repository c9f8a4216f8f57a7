import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQml.Models
import QtCharts
import FeedDeck

// Charts of the series picked in Quotes over a time window. The controller feeds the
// lines and axes once per frame; this pane only lays them out and turns the mouse into
// zoom (wheel), pan (drag) and a crosshair readout. Gaps are feed outages.
Item {
    id: root

    required property ChartController controller
    required property DerivedSeriesDraft derivedSeries

    // The user asked to export the charted history to CSV.
    signal exportRequested()
    // The user clicked into this chart (its plot or one of its buttons): it becomes the current one.
    signal activated()

    readonly property alias timeAxis: axisX
    readonly property alias derivedDialog: derivedDialog
    readonly property alias valueAxis: axisY
    readonly property color gridColor: Theme.gridLine
    readonly property color axisTextColor: Theme.axisText

    // Main.qml forwards the Space shortcut here.
    function togglePause() {
        root.controller.togglePaused()
    }

    function timeAt(x: real): real {
        return root.controller.xMinMs + x / Math.max(1, plotMouse.width) * (root.controller.xMaxMs - root.controller.xMinMs)
    }

    // The series' nearest points, placed in plot coordinates for the dots.
    function refreshCrosshair() {
        if (!plotMouse.containsMouse || root.controller.seriesCount === 0) {
            crosshair.readout = []
            return
        }
        const xMin = root.controller.xMinMs
        const spanMs = Math.max(1, root.controller.xMaxMs - xMin)
        const yMax = root.controller.yMax
        const spanY = Math.max(1e-300, yMax - root.controller.yMin)
        const points = root.controller.pointsNear(root.timeAt(plotMouse.mouseX))
        for (const p of points) {
            p.px = (p.timeMs - xMin) / spanMs * plotMouse.width
            p.py = (yMax - p.value) / spanY * plotMouse.height
        }
        crosshair.readout = points
    }

    // QtCharts cannot draw across a gap: each charted series gets one line to start
    // with and more when the controller finds gaps in view.
    function growLines(entry: SeriesLines, count: int) {
        while (entry && entry.lines.length < Math.min(count, root.controller.segmentsPerSeries)) {
            const line = chart.createSeries(ChartView.SeriesTypeLine, entry.name, axisX, axisY)
            entry.lines.push(line)
            if (!root.controller.attach(entry.index, line))
                break
        }
    }

    function dropLines(entry: SeriesLines) {
        if (!entry)
            return
        for (const line of entry.lines) {
            if (line)
                chart.removeSeries(line)
        }
        entry.lines = []
    }

    Binding {
        target: root.controller
        property: "active"
        value: root.visible
    }
    Binding {
        target: root.controller
        property: "plotWidth"
        value: Math.round(chart.plotArea.width)
        when: chart.plotArea.width > 0
    }

    Connections {
        target: root.controller
        function onFrameApplied() { root.refreshCrosshair() }
        function onLinesWanted(index: int, count: int) {
            root.growLines(seriesLines.objectAt(index) as SeriesLines, count)
        }
        function onNotice(text: string) {
            notice.text = text
            noticeTimer.restart()
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        // Wraps onto a second line in a narrow panel rather than pushing the chart wider.
        Flow {
            Layout.fillWidth: true
            Layout.margins: 6
            spacing: 8

            WindowSelector {
                objectName: "windowSelector"
                current: root.controller.window
                detached: root.controller.detached
                onWindowPicked: window => {
                    root.activated()
                    root.controller.window = window
                }
            }
            Button {
                id: pauseButton
                objectName: "pauseButton"
                text: root.controller.paused ? qsTr("Resume") : qsTr("Pause")
                highlighted: root.controller.paused
                focusPolicy: Qt.NoFocus
                onClicked: {
                    root.activated()
                    root.controller.togglePaused()
                }
                ToolTip.visible: pauseButton.hovered
                ToolTip.text: root.controller.paused ? qsTr("Jump back to live data (Space)")
                                                     : qsTr("Hold the view to inspect it; data keeps being recorded (Space)")
            }
            Button {
                id: resetButton
                objectName: "resetViewButton"
                text: qsTr("Back to live")
                visible: root.controller.detached
                highlighted: true
                focusPolicy: Qt.NoFocus
                onClicked: root.controller.resetView()
                ToolTip.visible: resetButton.hovered
                ToolTip.text: qsTr("Follow the clock again with the whole window (or double-click the chart)")
            }
            Button {
                id: derivedButton
                objectName: "newDerivedButton"
                text: qsTr("Derived…")
                enabled: root.controller.seriesCount > 0
                focusPolicy: Qt.NoFocus
                onClicked: {
                    root.activated()
                    derivedDialog.start()
                }
                ToolTip.visible: derivedButton.hovered
                ToolTip.text: qsTr("Chart a series computed from the charted ones: mid, spread, a - b, a moving average…")
            }
            Button {
                objectName: "exportHistoryButton"
                text: qsTr("Export…")
                enabled: root.controller.seriesCount > 0
                focusPolicy: Qt.NoFocus
                onClicked: {
                    root.activated()
                    root.exportRequested()
                }
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Save the charted series to CSV")
            }
            Label {
                id: notice
                objectName: "chartNotice"
                visible: noticeTimer.running
                color: Theme.error
                elide: Text.ElideRight
                width: Math.min(implicitWidth, 420)
                height: pauseButton.height
                verticalAlignment: Text.AlignVCenter

                Timer { id: noticeTimer; interval: 6000 }
            }
            Label {
                objectName: "pausedNote"
                visible: (root.controller.paused || root.controller.detached) && !notice.visible
                text: root.controller.paused ? qsTr("Paused: data is still being recorded")
                                             : qsTr("Zoomed or panned: the view holds still")
                opacity: 0.8
                elide: Text.ElideRight
                width: Math.min(implicitWidth, 320)
                height: pauseButton.height
                verticalAlignment: Text.AlignVCenter
            }
        }

        // On a line of its own, wrapping: a panel beside others is narrow.
        SeriesLegend {
            objectName: "seriesLegend"
            Layout.fillWidth: true
            Layout.leftMargin: 8
            Layout.rightMargin: 8
            Layout.bottomMargin: 2
            visible: root.controller.seriesCount > 0
            model: root.controller.series
            onRemoveRequested: index => root.controller.removeSeries(index)
        }

        Item {
            Layout.fillWidth: true
            Layout.fillHeight: true

            ChartView {
                id: chart
                objectName: "chartView"
                anchors.fill: parent
                visible: root.controller.seriesCount > 0
                antialiasing: true
                animationOptions: ChartView.NoAnimation
                legend.visible: false
                backgroundColor: root.palette.base
                plotAreaColor: root.palette.base
                backgroundRoundness: 0
                margins.top: 6
                margins.bottom: 2
                margins.left: 2
                margins.right: 14

                // Time in epoch ms; the controller labels round local times on it.
                CategoryAxis {
                    id: axisX
                    labelsColor: root.axisTextColor
                    gridLineColor: root.gridColor
                    color: root.gridColor
                    labelsFont.pixelSize: 11
                    titleText: qsTr("local time")
                    titleFont.pixelSize: 10
                    // QBrush is no QML type in 6.4; a colour converts to it at run time.
                    titleBrush: root.axisTextColor // qmllint disable type
                }
                // QtCharts 6.4's qmltypes declare QValueAxis twice, the second time exporting
                // only the old name ValuesAxis, so qmllint 6.4 cannot resolve ValueAxis nor
                // anything set on it (the runtime can). Hence the disables on these lines.
                ValueAxis { // qmllint disable import type
                    id: axisY
                    labelsColor: root.axisTextColor // qmllint disable type
                    gridLineColor: root.gridColor // qmllint disable type
                    color: root.gridColor // qmllint disable type
                    labelsFont.pixelSize: 11 // qmllint disable type unqualified
                    titleText: root.controller.valueTitle // qmllint disable type
                    titleFont.pixelSize: 10 // qmllint disable type unqualified
                    titleBrush: root.axisTextColor // qmllint disable type
                }

                Component.onCompleted: root.controller.attachAxes(axisX, axisY)
            }

            Instantiator {
                id: seriesLines
                model: root.controller.series
                delegate: SeriesLines {}
                onObjectAdded: (index, object) => root.growLines(object as SeriesLines, 1)
                onObjectRemoved: (index, object) => root.dropLines(object as SeriesLines)
            }

            MouseArea {
                id: plotMouse
                objectName: "plotMouse"
                x: chart.plotArea.x
                y: chart.plotArea.y
                width: chart.plotArea.width
                height: chart.plotArea.height
                visible: chart.visible
                hoverEnabled: true
                cursorShape: plotMouse.pressed ? Qt.ClosedHandCursor : Qt.CrossCursor

                property real lastX: 0

                onPressed: mouse => {
                    root.activated()
                    plotMouse.lastX = mouse.x
                    root.forceActiveFocus() // a click on the chart takes the keys (Space pauses)
                }
                onPositionChanged: mouse => {
                    if (plotMouse.pressed) {
                        root.controller.pan(-(mouse.x - plotMouse.lastX) / Math.max(1, plotMouse.width))
                        plotMouse.lastX = mouse.x
                    }
                    root.refreshCrosshair()
                }
                onExited: root.refreshCrosshair()
                onDoubleClicked: root.controller.resetView()
                onWheel: wheel => root.controller.zoom(Math.pow(0.8, wheel.angleDelta.y / 120),
                                                       wheel.x / Math.max(1, plotMouse.width))
            }

            // Each series' latest value in view, marked on the value axis in its colour.
            Repeater {
                objectName: "lastValueMarkers"
                model: chart.visible ? root.controller.lastValues : []
                // The lines marked "qmllint disable unqualified" in this delegate reach this file's ids
                // (root, chart). qmllint 6.4 flags any id reached from inside a delegate, having no way
                // to be told the delegate is only ever made here (6.5's pragma ComponentBehavior: Bound).
                delegate: Rectangle {
                    required property var modelData
                    readonly property real plotY: (root.controller.yMax - modelData.value) // qmllint disable unqualified
                                                  / Math.max(1e-300, root.controller.yMax - root.controller.yMin)
                                                  * chart.plotArea.height
                    objectName: "lastValueMarker"
                    visible: plotY >= 0 && plotY <= chart.plotArea.height // qmllint disable unqualified
                    x: chart.plotArea.x - width // qmllint disable unqualified
                    y: chart.plotArea.y + plotY - height / 2 // qmllint disable unqualified
                    width: markerText.implicitWidth + 8
                    height: markerText.implicitHeight + 2
                    radius: 2
                    color: modelData.seriesColor
                    Label {
                        id: markerText
                        objectName: "lastValueText"
                        anchors.centerIn: parent
                        text: parent.modelData.valueText
                        font.pixelSize: 11
                        // Black or white, whichever reads on the series colour.
                        color: Theme.textOn(parent.color)
                    }
                }
            }

            Item {
                id: crosshair
                objectName: "crosshair"
                anchors.fill: plotMouse
                visible: crosshair.readout.length > 0

                // pointsNear() entries plus px/py, their place in the plot
                property var readout: []

                Rectangle {
                    x: Math.round(plotMouse.mouseX)
                    width: 1
                    height: crosshair.height
                    color: root.palette.text
                    opacity: 0.45
                }

                Repeater {
                    model: crosshair.readout
                    delegate: Rectangle {
                        id: dot

                        required property var modelData

                        width: 9
                        height: 9
                        radius: 4.5
                        color: dot.modelData.seriesColor
                        border.color: dot.palette.base
                        border.width: 2
                        x: dot.modelData.px - dot.width / 2
                        y: dot.modelData.py - dot.height / 2
                    }
                }

                Rectangle {
                    id: readoutBox
                    readonly property bool onLeft: plotMouse.mouseX + readoutBox.width + 16 > crosshair.width
                    x: readoutBox.onLeft ? plotMouse.mouseX - readoutBox.width - 10 : plotMouse.mouseX + 10
                    y: Math.min(Math.max(0, plotMouse.mouseY - readoutBox.height - 10), crosshair.height - readoutBox.height)
                    width: readoutColumn.implicitWidth + 16
                    height: readoutColumn.implicitHeight + 10
                    radius: 4
                    color: root.palette.toolTipBase
                    border.color: root.palette.mid
                    opacity: 0.95

                    Column {
                        id: readoutColumn
                        anchors.centerIn: parent
                        spacing: 2

                        Repeater {
                            model: crosshair.readout
                            delegate: Row {
                                id: readoutRow

                                required property var modelData

                                spacing: 8

                                Label {
                                    text: readoutRow.modelData.timeText
                                    color: readoutRow.palette.toolTipText
                                    opacity: 0.75
                                    font.family: "DejaVu Sans Mono"
                                }
                                Rectangle {
                                    anchors.verticalCenter: parent.verticalCenter
                                    width: 12
                                    height: 3
                                    color: readoutRow.modelData.seriesColor
                                }
                                Label {
                                    text: readoutRow.modelData.valueText
                                    color: readoutRow.palette.toolTipText
                                    font.family: "DejaVu Sans Mono"
                                    font.bold: true
                                }
                                Label {
                                    text: qsTr("%1 %2").arg(readoutRow.modelData.symbol).arg(readoutRow.modelData.field)
                                    color: readoutRow.palette.toolTipText
                                }
                            }
                        }
                    }
                }
            }

            Label {
                objectName: "chartEmptyState"
                anchors.centerIn: parent
                visible: root.controller.seriesCount === 0
                horizontalAlignment: Text.AlignHCenter
                opacity: 0.75
                text: qsTr("Double-click a row in Quotes to chart it.")
                      + "\n" + qsTr("Right-click a row to chart its bid or ask instead.")
            }
        }
    }

    DerivedSeriesDialog {
        id: derivedDialog
        objectName: "derivedDialog"
        draft: root.derivedSeries
    }
}
