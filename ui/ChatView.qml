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
            // A search hit (Sidebar): bring its message into view and flash it. Deferred
            // so that it runs after the reload's own positionViewAtEnd above.
            Connections {
                target: chat
                function onScrollToMessage(row) { Qt.callLater(messages.showHit, row) }
            }
            function showHit(row) {
                following = false
                positionViewAtIndex(row, ListView.Center)
                hitFlash.target = itemAtIndex(row)
                if (hitFlash.target) hitFlashFade.restart()
            }
            Rectangle {
                id: hitFlash
                objectName: "searchHitFlash"
                parent: messages.contentItem  // scrolls with the messages
                // Bound, not copied: bubbles above may still change height as they render.
                property Item target: null
                x: target ? target.x - 8 : 0
                y: target ? target.y - 6 : 0
                width: target ? target.width + 16 : 0
                height: target ? target.height + 12 : 0
                z: 2
                radius: Theme.radius
                color: Theme.accent
                opacity: 0
                NumberAnimation on opacity {
                    id: hitFlashFade
                    running: false
                    from: 0.22
                    to: 0
                    duration: 1600
                    easing.type: Easing.InQuad
                }
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
            font.pixelSize: Theme.font(24)
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
