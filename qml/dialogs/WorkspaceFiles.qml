import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import FeedDeck

// Importing and exporting the workspace through file dialogs, and the messages when that,
// or saving a change, fails. Nothing of the user's is changed by a failed import.
Item {
    id: root

    required property WorkspaceDocument document

    readonly property alias importDialog: importDialog
    readonly property alias exportDialog: exportDialog
    readonly property bool open: importDialog.visible || exportDialog.visible || messageDialog.visible

    // A short note for the window to show ("Workspace exported to …").
    signal notice(string text)

    function tell(title, text, details) {
        messageDialog.title = title
        messageDialog.text = text
        messageDialog.informativeText = details
        messageDialog.open()
    }

    function importWorkspace(path) {
        const problems = root.document.importFrom(path)
        if (problems.length > 0)
            root.tell(qsTr("Workspace not imported"),
                      qsTr("%1 could not be imported; your feeds were not changed.").arg(path), problems)
        return problems
    }

    function exportWorkspace(path) {
        const error = root.document.exportTo(path)
        if (error.length > 0)
            root.tell(qsTr("Workspace not exported"), qsTr("The workspace could not be written."), error)
        else
            root.notice(qsTr("Workspace exported to %1").arg(path))
        return error
    }

    Connections {
        target: root.document
        function onSaveFailed(message) {
            root.tell(qsTr("Changes not saved"),
                      qsTr("Your last change is in use but could not be saved to the workspace file."), message)
        }
    }

    FileDialog {
        id: importDialog
        title: qsTr("Import workspace")
        nameFilters: [qsTr("Workspace files (*.json)"), qsTr("All files (*)")]
        fileMode: FileDialog.OpenFile
        onAccepted: root.importWorkspace(LocalFiles.pathOf(selectedFile))
    }

    FileDialog {
        id: exportDialog
        title: qsTr("Export workspace")
        nameFilters: [qsTr("Workspace files (*.json)")]
        fileMode: FileDialog.SaveFile
        defaultSuffix: "json"
        onAccepted: root.exportWorkspace(LocalFiles.pathOf(selectedFile))
    }

    MessageDialog {
        id: messageDialog
        objectName: "messageDialog"
        // Its buttons are QPlatformDialogHelper's enum, which QtQuick.Dialogs 6.4's qmltypes
        // do not tie to MessageDialog: the linter cannot see MessageDialog.Ok (the runtime can).
        buttons: MessageDialog.Ok // qmllint disable type
    }
}
