// A transient notice at the foot of the sidebar: "Deleted “…”" with Undo (for
// ChatController::kNoticeMs), or where an export went. The controller times it out.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Rectangle {
    id: notice
    objectName: "sidebarNotice"
    visible: chat.notice.length > 0
    implicitHeight: visible ? row.implicitHeight + 16 : 0
    radius: 8
    color: Theme.surface
    border.color: Theme.border
    Accessible.role: Accessible.AlertMessage
    Accessible.name: chat.notice

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: 10
        anchors.rightMargin: 4
        spacing: 4
        Label {
            Layout.fillWidth: true
            text: chat.notice
            color: Theme.text
            wrapMode: Text.Wrap
            maximumLineCount: 3
            elide: Text.ElideMiddle
            font.pixelSize: Theme.smallFont
        }
        Button {
            objectName: "undoButton"
            visible: chat.canUndoDelete
            text: qsTr("Undo")
            flat: true
            Accessible.name: qsTr("Undo delete")
            onClicked: chat.undoDelete()
            contentItem: Label {
                text: parent.text
                color: Theme.accent
                font.weight: Font.DemiBold
                font.pixelSize: Theme.smallFont + 1
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
            }
        }
        ToolButton {
            text: "✕"
            font.pixelSize: Theme.font(10)
            implicitWidth: 24
            implicitHeight: 24
            Accessible.name: qsTr("Dismiss notice")
            onClicked: chat.dismissNotice()
        }
    }
}
