import QtQuick
import FeedDeck
import QtQuick.Controls

// The message under a setting that is wrong; takes no room when there is none.
Label {
    property string problem

    visible: problem.length > 0
    text: problem
    wrapMode: Text.Wrap
    color: Theme.error
    font.pixelSize: 12
}
