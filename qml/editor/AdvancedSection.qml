import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FeedDeck

// Headers sent with the handshake (values masked unless shown; ${env:NAME} is read from the
// environment at connect time), the proxy (its password masked unless shown), the WebSocket
// client and subprotocols, reconnect delays, when the feed counts as stale, how often it is
// pinged, the largest message accepted, the bounds on what the server can create (symbol
// length, rows, chart points per series), and how messages travel (compression, binary payloads).
GroupBox {
    id: root

    // What a value means, beside it: wraps within the form rather than widening it.
    component Help: Label {
        Layout.fillWidth: true
        Layout.preferredWidth: 160
        wrapMode: Text.Wrap
    }

    required property FeedEditor editor

    property bool showValues: false

    title: qsTr("Advanced")

    function problemAt(path) {
        return root.editor.problems[path] ?? ""
    }

    // The list's problems and each name's ("subprotocols[1]"), in one line each.
    function subprotocolProblems() {
        return Object.keys(root.editor.problems).filter(path => path.startsWith("subprotocols"))
            .map(path => root.editor.problems[path]).join("\n")
    }

    function setHeader(index, key, value) {
        let rows = Array.from(root.editor.connection.headers)
        let row = Object.assign({}, rows[index])
        row[key] = value
        rows[index] = row
        root.editor.connection.headers = rows
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 6

        RowLayout {
            Label { text: qsTr("Handshake headers"); font.bold: true; Layout.fillWidth: true }
            CheckBox {
                objectName: "showHeaderValues"
                text: qsTr("Show values")
                checked: root.showValues
                onToggled: root.showValues = checked
            }
            Button {
                objectName: "addHeaderButton"
                text: qsTr("Add header")
                onClicked: root.editor.connection.headers = Array.from(root.editor.connection.headers).concat([{ name: "", value: "" }])
            }
        }
        Repeater {
            model: root.editor.connection.headers.length
            // The lines marked "qmllint disable unqualified" in this delegate reach this file's ids
            // (root). qmllint 6.4 flags any id reached from inside a delegate, having no way to be
            // told the delegate is only ever made here (6.5's pragma ComponentBehavior: Bound).
            delegate: RowLayout {
                id: headerRow
                required property int index
                Layout.fillWidth: true
                TextField {
                    objectName: "headerName_" + headerRow.index
                    Layout.preferredWidth: 180
                    placeholderText: qsTr("Name, e.g. Authorization")
                    text: root.editor.connection.headers[headerRow.index].name // qmllint disable unqualified
                    onTextEdited: root.setHeader(headerRow.index, "name", text) // qmllint disable unqualified
                }
                TextField {
                    objectName: "headerValue_" + headerRow.index
                    Layout.fillWidth: true
                    placeholderText: qsTr("Value; ${env:NAME} reads an environment variable")
                    echoMode: root.showValues ? TextInput.Normal : TextInput.Password // qmllint disable unqualified
                    text: root.editor.connection.headers[headerRow.index].value // qmllint disable unqualified
                    onTextEdited: root.setHeader(headerRow.index, "value", text) // qmllint disable unqualified
                }
                ToolButton {
                    text: "✕"
                    onClicked: {
                        let rows = Array.from(root.editor.connection.headers) // qmllint disable unqualified
                        rows.splice(headerRow.index, 1)
                        root.editor.connection.headers = rows // qmllint disable unqualified
                    }
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("Remove this header")
                }
            }
        }
        FieldProblem {
            Layout.fillWidth: true
            problem: {
                const problems = root.editor.problems
                return Object.keys(problems).filter(k => k.startsWith("headers")).map(k => problems[k]).join("\n")
            }
        }

        GridLayout {
            Layout.fillWidth: true
            columns: 3
            columnSpacing: 10
            rowSpacing: 4

            Label { text: qsTr("Proxy") }
            TextField {
                objectName: "proxyField"
                Layout.preferredWidth: 260
                placeholderText: "system"
                // A password written in the proxy stays masked, and the field read-only, until shown.
                readOnly: !root.showValues && root.editor.connection.proxyShown !== root.editor.connection.proxy
                text: root.showValues ? root.editor.connection.proxy : root.editor.connection.proxyShown
                onTextEdited: root.editor.connection.proxy = text
            }
            Help { text: qsTr("system, none, http://… or socks5://…") }

            Label { text: qsTr("WebSocket client") }
            ComboBox {
                objectName: "transportChoice"
                Layout.preferredWidth: 260
                textRole: "text"
                valueRole: "value"
                model: [{ value: "feeddeck", text: qsTr("FeedDeck (fastest)") },
                        { value: "qtwebsockets", text: qsTr("Qt WebSockets") }]
                currentIndex: root.editor.connection.transport === "qtwebsockets" ? 1 : 0
                onActivated: root.editor.connection.transport = currentValue
            }
            Help { text: qsTr("Qt's client is the fallback for a server FeedDeck's does not get along with") }

            Label { text: qsTr("Subprotocols") }
            TextField {
                objectName: "subprotocolsField"
                Layout.preferredWidth: 260
                placeholderText: qsTr("none")
                text: root.editor.connection.subprotocols
                onTextEdited: root.editor.connection.subprotocols = text
            }
            Help { text: qsTr("offered in the handshake, separated by commas; the server must choose one") }

            Label { text: qsTr("First reconnect after") }
            SpinBox {
                objectName: "initialDelay"
                from: 1; to: 3600000; stepSize: 100; editable: true
                value: root.editor.limits.initialDelayMs
                onValueModified: root.editor.limits.initialDelayMs = value
            }
            Help { text: qsTr("ms, doubling (with jitter) up to") }

            Label { text: qsTr("Longest wait between attempts") }
            SpinBox {
                objectName: "maxDelay"
                from: 1; to: 3600000; stepSize: 1000; editable: true
                value: root.editor.limits.maxDelayMs
                onValueModified: root.editor.limits.maxDelayMs = value
            }
            Help { text: qsTr("ms") }

            Label { text: qsTr("Stale after silence of") }
            SpinBox {
                objectName: "staleAfter"
                from: 100; to: 86400000; stepSize: 1000; editable: true
                value: root.editor.limits.staleAfterMs
                onValueModified: root.editor.limits.staleAfterMs = value
            }
            Help { text: qsTr("ms") }

            Label { text: qsTr("Ping every") }
            SpinBox {
                objectName: "pingInterval"
                from: 0; to: 86400000; stepSize: 1000; editable: true
                value: root.editor.limits.pingIntervalMs
                onValueModified: root.editor.limits.pingIntervalMs = value
            }
            Help { text: qsTr("ms, for the round-trip time in feed health; 0 pings only when the feed is silent") }

            Label { text: qsTr("Largest message") }
            SpinBox {
                objectName: "maxMessage"
                from: 1; to: 262144; stepSize: 256; editable: true
                value: Math.round(root.editor.limits.maxMessageBytes / 1024)
                onValueModified: root.editor.limits.maxMessageBytes = value * 1024
            }
            Help { text: qsTr("KiB; larger messages close the connection") }

            Label { text: qsTr("Longest symbol") }
            SpinBox {
                objectName: "maxSymbolBytes"
                from: 1; to: 1024; stepSize: 16; editable: true
                value: root.editor.limits.maxSymbolBytes
                onValueModified: root.editor.limits.maxSymbolBytes = value
            }
            Help { text: qsTr("bytes; a message with a longer symbol is skipped as bad") }

            Label { text: qsTr("Most rows") }
            SpinBox {
                objectName: "maxRows"
                from: 1; to: 1000000; stepSize: 1000; editable: true
                value: root.editor.limits.maxRows
                onValueModified: root.editor.limits.maxRows = value
            }
            Help { text: qsTr("rows from this feed; rows for further symbols are not shown") }

            Label { text: qsTr("Chart history") }
            SpinBox {
                objectName: "historyPoints"
                from: 100; to: 10000000; stepSize: 10000; editable: true
                value: root.editor.limits.historyPoints
                onValueModified: root.editor.limits.historyPoints = value
            }
            Help { text: qsTr("points a series; the oldest go first") }

            // One row for both: how messages travel rarely needs changing.
            Label { text: qsTr("Compression, binary frames") }
            RowLayout {
                ComboBox {
                    objectName: "compression"
                    model: ["auto", "off"]
                    currentIndex: Math.max(0, model.indexOf(root.editor.connection.compression))
                    onActivated: index => root.editor.connection.compression = model[index]
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("auto offers permessage-deflate; off if a server mishandles it")
                }
                ComboBox {
                    objectName: "payload"
                    model: ["text", "gzip", "deflate", "zlib"]
                    currentIndex: Math.max(0, model.indexOf(root.editor.connection.payload))
                    onActivated: index => root.editor.connection.payload = model[index]
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("What the server's binary frames carry")
                }
            }
            Help { text: qsTr("binary frames: gzip, deflate or zlib JSON") }
        }
        FieldProblem {
            Layout.fillWidth: true
            problems: [root.problemAt("proxy"), root.problemAt("transport"), root.subprotocolProblems(), root.problemAt("reconnect.initial_ms"),
                      root.problemAt("reconnect.max_ms"), root.problemAt("stale_after_ms"),
                      root.problemAt("ping_interval_ms"), root.problemAt("max_message_bytes"),
                      root.problemAt("max_symbol_bytes"), root.problemAt("max_rows"),
                      root.problemAt("history_points"), root.problemAt("compression"),
                      root.problemAt("payload")]
        }
    }
}
