// One setting: its name (and a hint) on the left, the control on the right. A row
// that overrides the default for this conversation shows a Reset button.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

RowLayout {
    id: row
    property string label
    property string hint
    // Shown for conversation overrides: the value differs from the default.
    property bool overridden: false
    property bool showReset: false
    default property alias control: holder.data
    signal reset()

    Layout.fillWidth: true
    Layout.topMargin: 6
    Layout.bottomMargin: 6
    spacing: 12

    ColumnLayout {
        Layout.fillWidth: true
        Layout.preferredWidth: 1
        spacing: 2
        RowLayout {
            spacing: 6
            Label {
                text: row.label
                color: Theme.text
                font.pixelSize: Theme.fontSize
            }
            Rectangle {
                visible: row.overridden
                width: 6; height: 6; radius: 3
                color: Theme.accent
            }
        }
        Label {
            Layout.fillWidth: true
            visible: row.hint.length > 0
            text: row.hint
            wrapMode: Text.Wrap
            color: Theme.mutedText
            font.pixelSize: Theme.smallFont
        }
    }
    Button {
        id: resetButton
        visible: row.showReset && row.overridden
        text: qsTr("Reset")
        flat: true
        font.pixelSize: Theme.smallFont
        Accessible.name: qsTr("Reset %1 to the default").arg(row.label)
        onClicked: row.reset()
        contentItem: Label { text: resetButton.text; color: Theme.accent; font: resetButton.font }
        background: Rectangle { radius: 6; color: resetButton.hovered ? Theme.hover : "transparent" }
    }
    RowLayout {
        id: holder
        // A layout fills by default: this one keeps its controls' width, the label takes the rest.
        Layout.fillWidth: false
        Layout.alignment: Qt.AlignVCenter | Qt.AlignRight
        spacing: 8
    }
}
