import QtQuick.Controls

// A menu entry that names its action's key after a tab ("Export snapshot…   Ctrl+E"), which
// Qt Quick's MenuItem leaves out. The key is set once, on the Action, where it also works.
MenuItem {
    readonly property string keyText: action && typeof action.shortcut === "string" ? action.shortcut : ""
    text: action ? (keyText.length > 0 ? action.text + "\t" + keyText : action.text) : ""
}
