import QtQuick
import FeedDeck

// A table row's alert flash, laid over its cells: when an alert rule fires on the row
// (`count` moves) the whole row pulses three times in the severity's colour, so it is found
// at a glance in a long table. Delegates that are reused call reset().
Rectangle {
    id: root

    property int count
    property string severity
    property int seenCount: root.count

    function reset() {
        root.seenCount = root.count
        pulse.stop()
        root.opacity = 0
    }

    objectName: "alertFlash"
    color: root.severity === "critical" ? Theme.error
         : root.severity === "warning" ? Theme.warning : Theme.info
    opacity: 0

    SequentialAnimation {
        id: pulse
        loops: 3
        NumberAnimation { target: root; property: "opacity"; from: 0; to: 0.4; duration: 200 }
        NumberAnimation { target: root; property: "opacity"; to: 0; duration: 400 }
    }

    onCountChanged: {
        if (root.count !== root.seenCount)
            pulse.restart()
        root.seenCount = root.count
    }
}
