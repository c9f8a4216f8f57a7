import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FeedDeck

// "New derived series": a formula over the charted series (a, b, c... as the legend lists
// them) or a preset of the first one's symbol. What is wrong is said under the field as it is
// typed; Add stays off until the series can be computed. The series is saved in the
// workspace, computed from the history already held, and charted.
Dialog {
    id: root

    required property DerivedSeriesDraft draft

    function start() {
        root.draft.begin()
        ownFormula.checked = true
        root.open()
        formulaField.forceActiveFocus()
    }

    title: qsTr("New derived series")
    modal: true
    anchors.centerIn: Overlay.overlay
    width: 560
    standardButtons: Dialog.Ok | Dialog.Cancel
    Component.onCompleted: {
        const ok = root.standardButton(Dialog.Ok)
        ok.text = qsTr("Add")
        ok.objectName = "addDerivedButton"
    }
    onAboutToShow: root.standardButton(Dialog.Ok).enabled = Qt.binding(() => root.draft.acceptable)
    // Closed only when the workspace took it; otherwise the reason shows and the form stays.
    onAccepted: {
        if (!root.draft.accept())
            root.open()
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 8

        Label {
            text: qsTr("Charted series")
            font.bold: true
        }
        Repeater {
            objectName: "derivedInputs"
            model: root.draft.inputs
            delegate: RowLayout {
                id: inputRow

                required property var modelData

                spacing: 8
                Label {
                    text: inputRow.modelData.letter
                    font.family: "DejaVu Sans Mono"
                    font.bold: true
                    Layout.preferredWidth: 14
                }
                Rectangle {
                    width: 14
                    height: 3
                    color: inputRow.modelData.seriesColor
                }
                Label {
                    text: inputRow.modelData.name
                    elide: Text.ElideRight
                    Layout.fillWidth: true
                }
            }
        }

        ButtonGroup { id: kindGroup }
        RadioButton {
            id: ownFormula
            objectName: "ownFormula"
            text: qsTr("Formula")
            checked: true
            ButtonGroup.group: kindGroup
            onToggled: if (checked) root.draft.preset = ""
        }
        TextField {
            id: formulaField
            objectName: "formulaField"
            Layout.fillWidth: true
            Layout.leftMargin: 24
            enabled: ownFormula.checked
            font.family: "DejaVu Sans Mono"
            placeholderText: qsTr("e.g. (a - b) / b * 100, ma(a, 30s), max(a, 5m)")
            text: ownFormula.checked ? root.draft.formula : root.draft.presetFormula
            onTextEdited: root.draft.formula = text
        }
        FieldProblem {
            objectName: "formulaProblem"
            Layout.fillWidth: true
            Layout.leftMargin: 24
            // The hint for an empty formula is not a problem yet.
            problem: ownFormula.checked && formulaField.text.trim().length === 0 ? "" : root.draft.formulaProblem
        }
        Label {
            Layout.fillWidth: true
            Layout.leftMargin: 24
            visible: ownFormula.checked
            wrapMode: Text.Wrap
            opacity: 0.75
            font.pixelSize: 12
            text: qsTr("+ - * / and ( ); ma(x, 30s) moving average, min(x, 1m) and max(x, 1m) over a window, abs(x)")
        }
        Repeater {
            model: root.draft.presets
            // The lines marked to be skipped by the linter reach this file's ids (root, kindGroup),
            // which the 6.4 linter reports from any delegate (6.5's ComponentBehavior: Bound cures it).
            delegate: RadioButton {
                id: presetButton

                required property string modelData
                readonly property string symbol: root.draft.presetSymbol // qmllint disable unqualified

                objectName: "preset_" + presetButton.modelData
                text: presetButton.symbol.length > 0 ? qsTr("%1 of %2").arg(presetButton.modelData).arg(presetButton.symbol)
                                                     : presetButton.modelData
                enabled: presetButton.symbol.length > 0
                ButtonGroup.group: kindGroup // qmllint disable unqualified
                onToggled: if (presetButton.checked) root.draft.preset = presetButton.modelData // qmllint disable unqualified
            }
        }

        Label { text: qsTr("Name") }
        TextField {
            id: nameField
            objectName: "derivedNameField"
            Layout.fillWidth: true
            text: root.draft.name
            onTextEdited: root.draft.name = text
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            opacity: 0.75
            font.pixelSize: 12
            text: qsTr("Charted, exported and alerted on as feed \"derived\", symbol \"%1\".").arg(root.draft.name)
        }
        FieldProblem {
            objectName: "nameProblem"
            Layout.fillWidth: true
            problems: [root.draft.nameProblem, root.draft.saveProblem]
        }

        Label {
            visible: root.draft.saved.length > 0
            Layout.topMargin: 8
            text: qsTr("Saved in this workspace")
            font.bold: true
        }
        Repeater {
            objectName: "savedDerived"
            model: root.draft.saved
            // The lines marked to be skipped by the linter reach this file's root id, which the
            // 6.4 linter reports from any delegate (6.5's ComponentBehavior: Bound cures it).
            delegate: RowLayout {
                id: savedRow

                required property var modelData

                Layout.fillWidth: true
                spacing: 8
                Label {
                    text: savedRow.modelData.id
                    font.bold: true
                }
                Label {
                    text: savedRow.modelData.description
                    font.family: "DejaVu Sans Mono"
                    opacity: 0.8
                    elide: Text.ElideRight
                    Layout.fillWidth: true
                }
                Button {
                    objectName: "chartSaved_" + savedRow.modelData.id
                    text: savedRow.modelData.charted ? qsTr("Charted") : qsTr("Chart")
                    enabled: !savedRow.modelData.charted
                    flat: true
                    onClicked: root.draft.chart(savedRow.modelData.id) // qmllint disable unqualified
                }
                Button {
                    objectName: "deleteSaved_" + savedRow.modelData.id
                    text: qsTr("Delete")
                    flat: true
                    onClicked: root.draft.remove(savedRow.modelData.id) // qmllint disable unqualified
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("Remove it from the workspace, the chart and the alert rules that watch it")
                }
            }
        }
    }
}
