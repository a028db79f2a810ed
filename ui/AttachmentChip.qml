// One document: a badge with its kind, the name and the size. In the composer it has
// a button that removes it; on a sent message (removable: false) it is read-only.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Rectangle {
    id: chip
    property string fileName
    property string sizeText
    property string kind
    property bool removable: true
    signal removeClicked()

    implicitHeight: 32
    implicitWidth: Math.min(layout.implicitWidth + 16, 260)
    radius: 8
    color: Theme.window
    border.color: Theme.border
    Accessible.role: Accessible.StaticText
    Accessible.name: qsTr("Attachment %1, %2").arg(fileName).arg(sizeText)

    RowLayout {
        id: layout
        anchors.fill: parent
        anchors.leftMargin: 6
        anchors.rightMargin: 4
        spacing: 6

        Rectangle {
            Layout.preferredWidth: Math.max(badge.implicitWidth + 8, 28)
            Layout.preferredHeight: 20
            radius: 4
            color: Theme.accent
            Label {
                id: badge
                anchors.centerIn: parent
                text: chip.kind.toUpperCase().slice(0, 4)
                color: Theme.accentText
                font.pixelSize: Theme.font(9)
                font.weight: Font.Bold
            }
        }
        ColumnLayout {
            spacing: 0
            Layout.fillWidth: true
            Label {
                objectName: "attachmentName"
                Layout.fillWidth: true
                Layout.maximumWidth: 170
                text: chip.fileName
                elide: Text.ElideMiddle
                color: Theme.text
                font.pixelSize: Theme.smallFont
            }
            Label {
                text: chip.sizeText
                color: Theme.mutedText
                font.pixelSize: Theme.font(10)
            }
        }
        ToolButton {
            id: removeButton
            objectName: "removeAttachment"
            visible: chip.removable
            Layout.preferredWidth: 24
            Layout.preferredHeight: 24
            text: "×"
            font.pixelSize: Theme.font(16)
            // Reachable with Tab; a click leaves the focus in the message box.
            focusPolicy: Qt.TabFocus
            background: Rectangle {
                radius: 12
                color: removeButton.hovered ? Theme.hover : "transparent"
            }
            Accessible.name: qsTr("Remove %1").arg(chip.fileName)
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Remove")
            onClicked: chip.removeClicked()
        }
    }
}
