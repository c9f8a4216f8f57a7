import QtQuick
import QtQuick.Controls
import FeedDeck

// The Alerts view: the workspace's alert rules above the log of the alerts they fired, and
// beside them, while a rule is being added or edited, its form.
Pane {
    id: root

    required property AlertCenter alerts
    required property AlertRules rules
    required property UiSettings settings

    readonly property alias log: log
    readonly property alias ruleList: ruleList
    readonly property alias ruleForm: ruleForm

    padding: 0

    // A rule opened in the form takes the keys: its id, ready to be typed over, for a new one.
    Connections {
        target: root.rules.editor
        function onOpenedChanged() {
            if (root.rules.editor.isNew)
                focusLater.restart()
        }
    }
    // Once the form is shown: its visibility follows the same change.
    Timer {
        id: focusLater
        interval: 0
        onTriggered: ruleForm.focusId()
    }

    SplitView {
        anchors.fill: parent
        orientation: Qt.Horizontal

        SplitView {
            SplitView.fillWidth: true
            SplitView.minimumWidth: 400
            orientation: Qt.Vertical

            AlertRuleList {
                id: ruleList
                objectName: "alertRuleList"
                SplitView.preferredHeight: Math.max(180, root.height * 0.45)
                SplitView.minimumHeight: 120
                rules: root.rules
            }
            AlertLogPane {
                id: log
                SplitView.fillHeight: true
                SplitView.minimumHeight: 120
                clip: true
                alerts: root.alerts
                settings: root.settings
            }
        }

        AlertRuleForm {
            id: ruleForm
            objectName: "alertRuleForm"
            visible: root.rules.editor.active
            SplitView.preferredWidth: 360
            SplitView.minimumWidth: 300
            editor: root.rules.editor
        }
    }
}
