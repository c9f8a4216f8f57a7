import QtQml

// The QtCharts lines one charted series draws with, one per segment between gaps.
// ChartPane creates them in its ChartView and hands them to the controller.
QtObject {
    required property int index
    required property string name
    property var lines: []
}
