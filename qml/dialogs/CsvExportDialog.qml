import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Dialogs
import FeedDeck

// What to export and where: for a snapshot all feeds, one feed, or the rows the current
// table shows (its filter and sort); for chart history the visible window or everything
// retained. The delimiter and byte order mark are remembered for next time.
Dialog {
    id: root

    required property CsvExporter exporter
    required property UiSettings settings
    required property FeedStatusModel feeds
    // The table whose rows "Rows shown" means (a QuoteFilterModel), or null.
    property var table: null
    property string kind: "snapshot" // or "history"

    readonly property alias pathField: pathField

    function openFor(kind, table) {
        root.kind = kind
        root.table = table
        pathField.text = root.exporter.suggestedPath(kind)
        scopeAll.checked = true
        windowVisible.checked = true
        feedBox.currentIndex = feedBox.count > 0 ? 0 : -1
        root.open()
        pathField.forceActiveFocus()
    }

    function startExport() {
        if (pathField.text.trim().length === 0)
            return
        if (root.kind === "history") {
            root.exporter.exportHistory(pathField.text, windowVisible.checked)
        } else {
            const scope = scopeFeed.checked ? "feed" : scopeVisible.checked ? "visible" : "all"
            root.exporter.exportSnapshot(pathField.text, scope, feedBox.currentValue ?? "", root.table)
        }
        root.close()
    }

    title: root.kind === "history" ? qsTr("Export chart history") : qsTr("Export snapshot")
    modal: true
    anchors.centerIn: Overlay.overlay
    width: 560
    standardButtons: Dialog.Ok | Dialog.Cancel
    onAccepted: startExport()
    Component.onCompleted: {
        const ok = root.standardButton(Dialog.Ok)
        ok.text = qsTr("Export")
        ok.objectName = "exportButton"
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 8

        ButtonGroup { id: scopeGroup }
        ColumnLayout {
            visible: root.kind === "snapshot"
            spacing: 2
            RadioButton { id: scopeAll; objectName: "scopeAll"; text: qsTr("All feeds"); checked: true; ButtonGroup.group: scopeGroup }
            RowLayout {
                RadioButton { id: scopeFeed; objectName: "scopeFeed"; text: qsTr("One feed:"); ButtonGroup.group: scopeGroup }
                ComboBox {
                    id: feedBox
                    objectName: "scopeFeedBox"
                    Layout.fillWidth: true
                    enabled: scopeFeed.checked
                    model: root.feeds
                    textRole: "name"
                    valueRole: "feedId"
                }
            }
            RadioButton {
                id: scopeVisible
                objectName: "scopeVisible"
                enabled: root.table !== null
                text: qsTr("The rows the table shows (its filter and sort)")
                ButtonGroup.group: scopeGroup
            }
        }

        ButtonGroup { id: windowGroup }
        ColumnLayout {
            visible: root.kind === "history"
            spacing: 2
            RadioButton { id: windowVisible; objectName: "windowVisible"; text: qsTr("What the chart shows now"); checked: true; ButtonGroup.group: windowGroup }
            RadioButton { id: windowAll; objectName: "windowAll"; text: qsTr("Everything retained"); ButtonGroup.group: windowGroup }
        }

        RowLayout {
            Label { text: qsTr("Separator") }
            ComboBox {
                id: delimiterBox
                objectName: "delimiterBox"
                model: [
                    { value: ",", text: qsTr("Comma (standard CSV)") },
                    { value: ";", text: qsTr("Semicolon (European spreadsheets)") },
                    { value: "\t", text: qsTr("Tab") }
                ]
                textRole: "text"
                valueRole: "value"
                // In the model's order; UiSettings holds no other delimiter.
                currentIndex: root.settings.csvDelimiter === ";" ? 1 : root.settings.csvDelimiter === "\t" ? 2 : 0
                onActivated: root.settings.csvDelimiter = currentValue
                Layout.preferredWidth: 280
            }
            CheckBox {
                objectName: "bomCheck"
                text: qsTr("Byte order mark (Excel)")
                checked: root.settings.csvBom
                onToggled: root.settings.csvBom = checked
            }
        }

        RowLayout {
            Layout.fillWidth: true
            TextField {
                id: pathField
                objectName: "exportPath"
                Layout.fillWidth: true
                font.family: "monospace"
                selectByMouse: true
                onAccepted: root.accept()
            }
            Button {
                text: qsTr("Browse…")
                onClicked: fileDialog.open()
            }
        }
    }

    FileDialog {
        id: fileDialog
        title: root.title
        fileMode: FileDialog.SaveFile
        nameFilters: [qsTr("CSV files (*.csv)")]
        defaultSuffix: "csv"
        currentFolder: LocalFiles.urlOf(root.settings.exportFolder)
        onAccepted: pathField.text = LocalFiles.pathOf(selectedFile)
    }
}
