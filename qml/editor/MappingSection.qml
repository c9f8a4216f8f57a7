import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FeedDeck

// How a JSON feed's messages become rows: what to send to (un)subscribe ($symbols is the
// list of symbols), which messages are data, which fields make a row's key, time and
// values. The preview applies it to a real message as it is typed.
GroupBox {
    id: root

    required property FeedEditor editor
    required property MappingPreview preview

    title: qsTr("JSON mapping")

    function problemAt(path) {
        const problems = root.editor.problems
        return Object.keys(problems).filter(k => k === path || k.startsWith(path + "[") || k.startsWith(path + "."))
                                    .map(k => problems[k]).join("\n")
    }

    GridLayout {
        anchors.fill: parent
        columns: 2
        columnSpacing: 10
        rowSpacing: 4

        Label { text: qsTr("Subscribe"); Layout.alignment: Qt.AlignTop }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2
            FramedTextArea {
                objectName: "subscribeTemplate"
                Layout.fillWidth: true
                font.family: "monospace"
                wrapMode: TextEdit.WrapAnywhere
                placeholderText: "{\"type\": \"subscribe\", \"symbols\": \"$symbols\"}"
                text: root.editor.mapping.subscribeTemplate
                onTextChanged: if (activeFocus) root.editor.mapping.subscribeTemplate = text
            }
            FieldProblem { Layout.fillWidth: true; problem: root.problemAt("json.subscribe") }
        }

        Label { text: qsTr("Unsubscribe"); Layout.alignment: Qt.AlignTop }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2
            FramedTextArea {
                objectName: "unsubscribeTemplate"
                Layout.fillWidth: true
                font.family: "monospace"
                wrapMode: TextEdit.WrapAnywhere
                placeholderText: "{\"type\": \"unsubscribe\", \"symbols\": \"$symbols\"}"
                text: root.editor.mapping.unsubscribeTemplate
                onTextChanged: if (activeFocus) root.editor.mapping.unsubscribeTemplate = text
            }
            FieldProblem { Layout.fillWidth: true; problem: root.problemAt("json.unsubscribe") }
        }

        Label { text: qsTr("Data messages match") }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2
            TextField {
                objectName: "matchFilter"
                Layout.fillWidth: true
                font.family: "monospace"
                placeholderText: "{\"type\": \"update\"}"
                text: root.editor.mapping.matchFilter
                onTextEdited: root.editor.mapping.matchFilter = text
            }
            FieldProblem { Layout.fillWidth: true; problem: root.problemAt("json.match") }
        }

        Label { text: qsTr("Key fields") }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2
            TextField {
                objectName: "keyFields"
                Layout.fillWidth: true
                font.family: "monospace"
                placeholderText: qsTr("sku, warehouse  (joined with / into the row's name)")
                text: root.editor.mapping.keyFields
                onTextEdited: root.editor.mapping.keyFields = text
            }
            FieldProblem { Layout.fillWidth: true; problem: root.problemAt("json.key") }
        }

        Label { text: qsTr("Time field") }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2
            TextField {
                objectName: "timeField"
                Layout.fillWidth: true
                font.family: "monospace"
                placeholderText: qsTr("ts  (ISO 8601 or epoch s/ms; optional)")
                text: root.editor.mapping.timeField
                onTextEdited: root.editor.mapping.timeField = text
            }
            FieldProblem { Layout.fillWidth: true; problem: root.problemAt("json.time") }
        }

        Label { text: qsTr("Value fields") }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2
            TextField {
                objectName: "valueFields"
                Layout.fillWidth: true
                font.family: "monospace"
                placeholderText: qsTr("on_hand, delta  (numbers; nested paths with dots)")
                text: root.editor.mapping.valueFields
                onTextEdited: root.editor.mapping.valueFields = text
            }
            FieldProblem {
                Layout.fillWidth: true
                problems: [root.problemAt("json.fields"), root.problemAt("json.ack"), root.problemAt("json.error")]
            }
        }

        Label { text: qsTr("Preview"); font.bold: true; Layout.alignment: Qt.AlignTop }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 4
            RowLayout {
                Button {
                    objectName: "previewLatest"
                    text: qsTr("Use the feed's latest messages")
                    enabled: !root.editor.isNew
                    onClicked: root.preview.fetchRecent()
                }
                ComboBox {
                    objectName: "previewSamples"
                    Layout.fillWidth: true
                    visible: root.preview.samples.length > 1
                    model: Array.from(root.preview.samples, (s, i) => qsTr("Message %1 of %2").arg(i + 1).arg(root.preview.samples.length))
                    currentIndex: root.preview.samples.length - 1
                    onActivated: root.preview.useSample(currentIndex)
                }
            }
            FramedTextArea {
                objectName: "previewMessage"
                Layout.fillWidth: true
                Layout.maximumHeight: 120
                font.family: "monospace"
                wrapMode: TextEdit.WrapAnywhere
                placeholderText: qsTr("A raw message: from Test connection, the feed's latest, or pasted here")
                text: root.preview.message
                onTextChanged: if (activeFocus) root.preview.message = text
            }
            Label {
                objectName: "previewVerdict"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: root.preview.verdict
                color: root.preview.good ? Theme.good : (root.preview.message.length > 0 ? Theme.error : palette.windowText)
            }
            Repeater {
                model: root.preview.rows
                delegate: Label {
                    required property var modelData
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    font.family: "monospace"
                    text: modelData.symbol + "   " + modelData.values + "   (" + modelData.time + ")"
                }
            }
        }
    }
}
