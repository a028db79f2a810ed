// The sidebar: New chat, then the conversations grouped by date.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Rectangle {
    id: sidebar
    color: Theme.sidebar
    Rectangle { anchors.right: parent.right; width: 1; height: parent.height; color: Theme.border }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 12
        spacing: 8

        Label {
            text: "Siliang"
            font.pixelSize: 18
            font.weight: Font.Bold
            color: Theme.text
            Layout.leftMargin: 6
            Layout.topMargin: 4
            Layout.bottomMargin: 4
        }

        Button {
            id: newChat
            Layout.fillWidth: true
            text: qsTr("New chat")
            Accessible.name: qsTr("New chat")
            onClicked: chat.newConversation()
            contentItem: Label {
                text: "+   " + newChat.text
                color: Theme.text
                font.pixelSize: Theme.fontSize
                verticalAlignment: Text.AlignVCenter
            }
            background: Rectangle {
                radius: 8
                color: newChat.hovered ? Theme.hover : "transparent"
                border.color: Theme.border
                implicitHeight: 38
            }
        }

        ListView {
            id: list
            objectName: "conversationList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: chat.conversations
            spacing: 2
            Accessible.name: qsTr("Conversations")
            ScrollBar.vertical: ScrollBar {}

            section.property: "section"
            section.delegate: Label {
                required property string section
                width: ListView.view.width
                text: section
                color: Theme.mutedText
                font.pixelSize: Theme.smallFont
                font.weight: Font.DemiBold
                topPadding: 14
                bottomPadding: 4
                leftPadding: 8
            }

            delegate: ItemDelegate {
                id: row
                required property var conversationId
                required property string title
                width: ListView.view.width
                height: 36
                highlighted: conversationId === chat.conversationId
                Accessible.name: title
                onClicked: chat.openConversation(conversationId)
                contentItem: RowLayout {
                    spacing: 4
                    Label {
                        Layout.fillWidth: true
                        text: row.title
                        elide: Text.ElideRight
                        color: Theme.text
                        font.pixelSize: Theme.fontSize - 1
                    }
                    ToolButton {
                        visible: row.hovered || row.highlighted
                        text: "✕"
                        font.pixelSize: 11
                        implicitWidth: 24
                        implicitHeight: 24
                        Accessible.name: qsTr("Delete conversation %1").arg(row.title)
                        ToolTip.visible: hovered
                        ToolTip.text: qsTr("Delete")
                        onClicked: chat.deleteConversation(row.conversationId)
                    }
                }
                background: Rectangle {
                    radius: 8
                    color: row.highlighted ? Theme.selected : (row.hovered ? Theme.hover : "transparent")
                }
            }

            Label {
                anchors.centerIn: parent
                visible: list.count === 0
                text: qsTr("No conversations yet")
                color: Theme.mutedText
            }
        }
    }
}
