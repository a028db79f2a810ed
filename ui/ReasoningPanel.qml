// The model's reasoning: streams live in a muted style with the elapsed seconds,
// then collapses to "Thought for N s"; a click expands or collapses it.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Item {
    id: panel
    property string text
    property bool thinking: false
    property int seconds: 0
    property bool expanded: false
    // False when the turn ended with no answer text (the model never closed its
    // <think>): the trace is then all there is, so it stays open.
    property bool answered: true
    readonly property bool open: thinking || expanded || !answered
    implicitHeight: column.implicitHeight

    ColumnLayout {
        id: column
        width: parent.width
        spacing: 6

        AbstractButton {
            id: header
            objectName: "reasoningToggle"
            Layout.fillWidth: true
            implicitHeight: 26
            enabled: !panel.thinking
            Accessible.name: panel.open ? qsTr("Hide the reasoning") : qsTr("Show the reasoning")
            onClicked: panel.expanded = !panel.expanded
            contentItem: RowLayout {
                spacing: 6
                Label {
                    objectName: "reasoningHeader"
                    // Under a second reads better as "a moment" than as "0 s".
                    text: panel.thinking ? qsTr("Thinking… %1 s").arg(panel.seconds)
                                         : panel.seconds < 1 ? qsTr("Thought for a moment")
                                                             : qsTr("Thought for %1 s").arg(panel.seconds)
                    color: Theme.mutedText
                    font.pixelSize: Theme.fontSize - 1
                    font.weight: Font.DemiBold
                }
                Label {
                    visible: !panel.thinking
                    text: panel.open ? "▾" : "▸"
                    color: Theme.mutedText
                }
                Item { Layout.fillWidth: true }
            }
        }

        Rectangle {
            objectName: "reasoningTrace"
            Layout.fillWidth: true
            visible: panel.open
            implicitHeight: trace.implicitHeight + 4
            color: "transparent"
            Rectangle { width: 2; height: parent.height; color: Theme.border }
            // Rendered like the answer (models reason in Markdown and LaTeX), muted.
            MessageBlocksView {
                id: trace
                x: 14
                width: parent.width - 14
                text: panel.text
                muted: true
                Accessible.role: Accessible.Grouping
                Accessible.name: qsTr("Reasoning")
            }
        }
    }
}
