import QtQuick
import QtQuick.Controls

// A multi-line text field that looks like one: framed like TextField, highlighted with focus.
TextArea {
    id: control

    background: Rectangle {
        color: control.palette.base
        border.color: control.activeFocus ? control.palette.highlight : control.palette.mid
        radius: 2
    }
}
