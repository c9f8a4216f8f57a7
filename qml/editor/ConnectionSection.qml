import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FeedDeck

// Name, address, protocol and the protocol's options of the feed being edited.
GroupBox {
    id: root

    required property FeedEditor editor

    signal applyRequested()

    // A new feed starts with its name selected, ready to be typed over.
    function focusName() {
        nameField.forceActiveFocus()
        nameField.selectAll()
    }

    function problemAt(path) {
        return root.editor.problems[path] ?? ""
    }

    title: qsTr("Connection")

    GridLayout {
        anchors.fill: parent
        columns: 2
        columnSpacing: 10
        rowSpacing: 4

        Label { text: qsTr("Name") }
        TextField {
            id: nameField
            objectName: "nameField"
            Layout.fillWidth: true
            text: root.editor.name
            onTextEdited: root.editor.name = text
            onAccepted: root.applyRequested()
        }
        Item { width: 1; height: 1; visible: nameProblem.visible }
        FieldProblem { id: nameProblem; Layout.fillWidth: true; problem: root.problemAt("name") }

        Label { text: qsTr("Address") }
        TextField {
            id: urlField
            objectName: "urlField"
            Layout.fillWidth: true
            text: root.editor.url
            placeholderText: "wss://host:port/path"
            font.family: "monospace"
            onTextEdited: root.editor.url = text
            onAccepted: root.applyRequested()
        }
        Item { width: 1; height: 1; visible: urlProblem.visible }
        FieldProblem { id: urlProblem; objectName: "urlProblem"; Layout.fillWidth: true; problem: root.problemAt("url") }

        Label { text: qsTr("Protocol") }
        ComboBox {
            id: protocolBox
            objectName: "protocolBox"
            Layout.fillWidth: true
            model: [
                { value: "coinbase", text: qsTr("Coinbase Exchange (ticker channel)") },
                { value: "binance", text: qsTr("Binance spot streams") },
                { value: "json", text: qsTr("JSON mapping (any JSON feed)") },
                { value: "nats", text: qsTr("FeedDeck relay (nats-server WebSocket)") }
            ]
            textRole: "text"
            valueRole: "value"
            currentIndex: protocolBox.count > 0 ? protocolBox.indexOfValue(root.editor.protocol) : -1
            onActivated: root.editor.protocol = currentValue
        }

        Label {
            text: root.editor.protocol === "binance" ? qsTr("Streams") : qsTr("Channels")
            visible: optionsRow.visible
        }
        Flow {
            id: optionsRow
            Layout.fillWidth: true
            visible: root.editor.protocol === "coinbase" || root.editor.protocol === "binance"
            spacing: 8
            Repeater {
                model: root.editor.protocol === "binance" ? root.editor.options.binanceStreams : root.editor.options.coinbaseChannels
                // The lines marked "qmllint disable unqualified" in this delegate reach this file's ids
                // (root). qmllint 6.4 flags any id reached from inside a delegate, having no way to be
                // told the delegate is only ever made here (6.5's pragma ComponentBehavior: Bound).
                delegate: CheckBox {
                    id: optionBox
                    required property string modelData
                    readonly property bool binance: root.editor.protocol === "binance" // qmllint disable unqualified
                    readonly property var chosen: Array.from(optionBox.binance ? root.editor.options.streams // qmllint disable unqualified
                                                                            : root.editor.options.channels) // qmllint disable unqualified
                    objectName: "option_" + modelData
                    text: modelData
                    checked: optionBox.chosen.indexOf(optionBox.modelData) >= 0
                    onToggled: {
                        let next = optionBox.chosen.filter(name => name !== optionBox.modelData)
                        if (optionBox.checked)
                            next.push(optionBox.modelData)
                        if (optionBox.binance)
                            root.editor.options.streams = next // qmllint disable unqualified
                        else
                            root.editor.options.channels = next // qmllint disable unqualified
                    }
                }
            }
        }
        // A relay's feed: its history, and the NATS login (secrets as ${env:NAME} stay out of the file).
        Label { text: qsTr("History"); visible: natsHistory.visible }
        CheckBox {
            id: natsHistory
            objectName: "natsHistory"
            visible: root.editor.protocol === "nats"
            text: qsTr("Fill tables and charts from what the relay kept, then go on live")
            checked: root.editor.options.natsHistory
            onToggled: root.editor.options.natsHistory = checked
        }
        Label { text: qsTr("NATS user"); visible: natsUser.visible }
        RowLayout {
            Layout.fillWidth: true
            visible: root.editor.protocol === "nats"
            TextField {
                id: natsUser
                objectName: "natsUser"
                Layout.fillWidth: true
                visible: root.editor.protocol === "nats"
                placeholderText: qsTr("user (optional)")
                text: root.editor.options.natsUser
                onTextEdited: root.editor.options.natsUser = text
            }
            TextField {
                objectName: "natsPassword"
                Layout.fillWidth: true
                placeholderText: "${env:NATS_PASSWORD}"
                echoMode: text.startsWith("${env:") ? TextInput.Normal : TextInput.Password
                text: root.editor.options.natsPassword
                onTextEdited: root.editor.options.natsPassword = text
            }
        }
        Label { text: qsTr("NATS token"); visible: natsToken.visible }
        TextField {
            id: natsToken
            objectName: "natsToken"
            Layout.fillWidth: true
            visible: root.editor.protocol === "nats"
            placeholderText: qsTr("instead of user and password, e.g. ${env:NATS_TOKEN}")
            echoMode: text.startsWith("${env:") ? TextInput.Normal : TextInput.Password
            text: root.editor.options.natsToken
            onTextEdited: root.editor.options.natsToken = text
        }

        Item { width: 1; height: 1; visible: optionsProblem.visible }
        FieldProblem {
            id: optionsProblem
            Layout.fillWidth: true
            problem: {
                const problems = root.editor.problems
                const keys = Object.keys(problems).filter(k => k.startsWith("options") || k === "protocol")
                return keys.map(k => problems[k]).join("\n")
            }
        }
    }
}
