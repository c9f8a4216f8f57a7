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
        FieldProblem { id: nameProblem; Layout.fillWidth: true; problem: root.editor.problems["name"] ?? "" }

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
        FieldProblem { id: urlProblem; objectName: "urlProblem"; Layout.fillWidth: true; problem: root.editor.problems["url"] ?? "" }

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
            currentIndex: ["coinbase", "binance", "json", "nats"].indexOf(root.editor.protocol)
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
                delegate: CheckBox {
                    required property string modelData
                    readonly property var chosen: root.editor.protocol === "binance" ? root.editor.options.streams
                                                                                      : root.editor.options.channels
                    objectName: "option_" + modelData
                    text: modelData
                    checked: chosen.indexOf(modelData) >= 0
                    onToggled: {
                        let next = chosen.filter(name => name !== modelData)
                        if (checked)
                            next.push(modelData)
                        if (root.editor.protocol === "binance")
                            root.editor.options.streams = next
                        else
                            root.editor.options.channels = next
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
