import QtQuick
import FeedDeck
import QtQuick.Controls

// The message under a setting that is wrong; takes no room when there is none.
Label {
    id: root

    // One problem, and/or several (the non-empty ones are shown, one line each).
    property string problem
    property var problems: []

    function joined() {
        let text = root.problem
        for (let i = 0; i < root.problems.length; ++i) {
            const line = root.problems[i]
            if (line && line.length > 0)
                text += (text.length > 0 ? "\n" : "") + line
        }
        return text
    }

    visible: text.length > 0
    text: joined()
    wrapMode: Text.Wrap
    color: Theme.error
    font.pixelSize: 12
}
