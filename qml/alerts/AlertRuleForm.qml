import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FeedDeck

// The form for one alert rule: every setting, what is wrong with it next to it, Save (Enter)
// and Cancel (Esc). Nothing changes in the workspace before Save.
Pane {
    id: root

    required property AlertRuleEditor editor

    readonly property alias idField: idField

    function problemAt(key) {
        return root.editor.problems[key] ?? ""
    }

    function saveRule() {
        root.editor.save()
    }

    // A new rule starts with its id selected, ready to be typed over.
    function focusId() {
        idField.forceActiveFocus()
        idField.selectAll()
    }

    Keys.onEscapePressed: root.editor.close()

    ScrollView {
        id: scroll
        anchors.fill: parent
        contentWidth: availableWidth
        clip: true

        ColumnLayout {
            width: scroll.availableWidth
            spacing: 10

            Label {
                objectName: "ruleFormTitle"
                Layout.fillWidth: true
                text: root.editor.isNew ? qsTr("New alert rule") : qsTr("Edit rule “%1”").arg(root.editor.originalId)
                font.bold: true
                font.pixelSize: 16
                elide: Text.ElideRight
            }

            GridLayout {
                Layout.fillWidth: true
                columns: 2
                columnSpacing: 10
                rowSpacing: 4

                Label { text: qsTr("Id") }
                TextField {
                    id: idField
                    objectName: "ruleIdField"
                    Layout.fillWidth: true
                    text: root.editor.ruleId
                    placeholderText: "btc-high"
                    onTextEdited: root.editor.ruleId = text
                    onAccepted: root.saveRule()
                }
                Item { width: 1; height: 1; visible: idProblem.visible }
                FieldProblem { id: idProblem; objectName: "ruleIdProblem"; Layout.fillWidth: true; problem: root.problemAt("id") }

                Label { text: qsTr("Feed") }
                ComboBox {
                    id: feedCombo
                    objectName: "ruleFeedCombo"
                    Layout.fillWidth: true
                    model: root.editor.feedChoices
                    currentIndex: feedCombo.model.indexOf(root.editor.feed)
                    onActivated: index => root.editor.feed = root.editor.feedChoices[index]
                }
                Item { width: 1; height: 1; visible: feedProblem.visible }
                FieldProblem { id: feedProblem; objectName: "ruleFeedProblem"; Layout.fillWidth: true; problem: root.problemAt("feed") }

                Label { text: qsTr("Symbol") }
                TextField {
                    objectName: "ruleSymbolField"
                    Layout.fillWidth: true
                    text: root.editor.symbol
                    placeholderText: qsTr("BTC-USD, or * for every symbol")
                    onTextEdited: root.editor.symbol = text
                    onAccepted: root.saveRule()
                }
                Item { width: 1; height: 1; visible: symbolProblem.visible }
                FieldProblem { id: symbolProblem; Layout.fillWidth: true; problem: root.problemAt("symbol") }

                Label { text: qsTr("Field") }
                TextField {
                    objectName: "ruleFieldField"
                    Layout.fillWidth: true
                    text: root.editor.field
                    placeholderText: qsTr("price, bid, ask, on_hand…")
                    onTextEdited: root.editor.field = text
                    onAccepted: root.saveRule()
                }
                Item { width: 1; height: 1; visible: fieldProblem.visible }
                FieldProblem { id: fieldProblem; Layout.fillWidth: true; problem: root.problemAt("field") }

                Label { text: qsTr("When it") }
                ComboBox {
                    id: whenCombo
                    objectName: "ruleWhenCombo"
                    Layout.fillWidth: true
                    model: root.editor.whenChoices
                    textRole: "text"
                    valueRole: "value"
                    currentIndex: whenCombo.indexOfValue(root.editor.when)
                    onActivated: root.editor.when = whenCombo.currentValue
                }
                Item { width: 1; height: 1; visible: whenProblem.visible }
                FieldProblem { id: whenProblem; Layout.fillWidth: true; problem: root.problemAt("when") }

                Label { text: root.editor.valueLabel }
                TextField {
                    objectName: "ruleValueField"
                    Layout.fillWidth: true
                    text: root.editor.value
                    inputMethodHints: Qt.ImhFormattedNumbersOnly
                    onTextEdited: root.editor.value = text
                    onAccepted: root.saveRule()
                }
                Item { width: 1; height: 1; visible: valueProblem.visible }
                FieldProblem { id: valueProblem; objectName: "ruleValueProblem"; Layout.fillWidth: true; problem: root.problemAt("value") }

                Label { text: qsTr("Window (s)"); visible: root.editor.needsWindow }
                TextField {
                    objectName: "ruleWindowField"
                    Layout.fillWidth: true
                    visible: root.editor.needsWindow
                    text: root.editor.windowS
                    placeholderText: qsTr("the move is measured over, e.g. 60")
                    inputMethodHints: Qt.ImhFormattedNumbersOnly
                    onTextEdited: root.editor.windowS = text
                    onAccepted: root.saveRule()
                }
                Item { width: 1; height: 1; visible: windowProblem.visible }
                FieldProblem {
                    id: windowProblem
                    objectName: "ruleWindowProblem"
                    Layout.fillWidth: true
                    problem: root.editor.needsWindow ? root.problemAt("window_s") : ""
                }

                Label { text: qsTr("Cooldown (s)") }
                TextField {
                    objectName: "ruleCooldownField"
                    Layout.fillWidth: true
                    text: root.editor.cooldownS
                    placeholderText: qsTr("0: no cooldown")
                    inputMethodHints: Qt.ImhFormattedNumbersOnly
                    onTextEdited: root.editor.cooldownS = text
                    onAccepted: root.saveRule()
                }
                Item { width: 1; height: 1; visible: cooldownProblem.visible }
                FieldProblem { id: cooldownProblem; objectName: "ruleCooldownProblem"; Layout.fillWidth: true; problem: root.problemAt("cooldown_s") }

                Label { text: qsTr("Severity") }
                ComboBox {
                    id: severityCombo
                    objectName: "ruleSeverityCombo"
                    Layout.fillWidth: true
                    model: root.editor.severityChoices
                    currentIndex: severityCombo.model.indexOf(root.editor.severity)
                    onActivated: index => root.editor.severity = root.editor.severityChoices[index]
                }

                Label { text: qsTr("Note") }
                TextField {
                    objectName: "ruleNoteField"
                    Layout.fillWidth: true
                    text: root.editor.note
                    placeholderText: qsTr("shown with the alert, e.g. Check the position.")
                    onTextEdited: root.editor.note = text
                    onAccepted: root.saveRule()
                }

                Item { width: 1; height: 1 }
                CheckBox {
                    objectName: "ruleEnabledBox"
                    text: qsTr("Enabled")
                    checked: root.editor.enabled
                    onToggled: root.editor.enabled = checked
                }
            }

            FieldProblem {
                objectName: "ruleSaveError"
                Layout.fillWidth: true
                problem: root.editor.saveError
            }

            RowLayout {
                Layout.fillWidth: true
                Item { Layout.fillWidth: true }
                Button {
                    objectName: "cancelRuleButton"
                    text: qsTr("Cancel")
                    onClicked: root.editor.close()
                }
                Button {
                    objectName: "saveRuleButton"
                    text: root.editor.isNew ? qsTr("Add rule") : qsTr("Save")
                    highlighted: true
                    onClicked: root.saveRule()
                }
            }
        }
    }
}
