// The open conversation: messages in a centred column, the composer below.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Item {
    id: view

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        ListView {
            id: messages
            objectName: "messageList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: chat.messages
            spacing: 18
            topMargin: 24
            bottomMargin: 24
            Accessible.name: qsTr("Messages")
            ScrollBar.vertical: ScrollBar {}
            // Follow the answer while it streams unless the user scrolled up.
            property bool following: true
            onMovementEnded: following = atYEnd
            onCountChanged: Qt.callLater(positionViewAtEnd)
            Connections {
                target: chat
                function onStreamed() { if (messages.following) Qt.callLater(messages.positionViewAtEnd) }
                function onConversationChanged() { messages.following = true }
            }

            delegate: MessageBubble {
                width: Math.min(messages.width - 48, Theme.contentWidth)
                x: (messages.width - width) / 2
                isLast: index === messages.count - 1
            }
        }

        Label {
            visible: chat.messages.count === 0
            Layout.alignment: Qt.AlignHCenter
            Layout.bottomMargin: parent.height * 0.3
            text: qsTr("How can I help you today?")
            font.pixelSize: 24
            font.weight: Font.DemiBold
            color: Theme.text
        }

        Composer {
            Layout.fillWidth: true
            Layout.maximumWidth: Theme.contentWidth + 48
            Layout.alignment: Qt.AlignHCenter
            Layout.bottomMargin: 16
        }
    }
}
