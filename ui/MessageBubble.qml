// One message. User: a bubble on the right. Assistant: the reasoning panel (if the
// model thought), the answer as Markdown, its status and stats, and Regenerate.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Item {
    id: bubble
    required property int index
    required property string role
    required property string content
    required property string reasoning
    required property int reasoningSeconds
    required property bool thinking
    required property string status
    required property var stats
    required property string errorMessage
    required property int siblingIndex
    required property int siblingCount
    property bool isLast: false

    readonly property bool isUser: role === "user"
    readonly property bool streaming: status === "streaming"
    implicitHeight: isUser ? userBox.height : assistantColumn.implicitHeight

    Rectangle {
        id: userBox
        visible: bubble.isUser
        anchors.right: parent.right
        width: Math.min(userText.implicitWidth + 32, bubble.width * 0.8)
        height: userText.implicitHeight + 20
        radius: 18
        color: Theme.userBubble
        TextEdit {
            id: userText
            anchors.fill: parent
            anchors.margins: 10
            anchors.leftMargin: 16
            anchors.rightMargin: 16
            text: bubble.isUser ? bubble.content : ""
            readOnly: true
            selectByMouse: true
            wrapMode: Text.Wrap
            color: Theme.text
            font.pixelSize: Theme.fontSize
            Accessible.name: qsTr("You said: %1").arg(text)
        }
    }

    ColumnLayout {
        id: assistantColumn
        visible: !bubble.isUser
        width: parent.width
        spacing: 8

        ReasoningPanel {
            Layout.fillWidth: true
            visible: bubble.reasoning.length > 0 || bubble.thinking
            text: bubble.reasoning
            thinking: bubble.thinking
            seconds: bubble.reasoningSeconds
        }

        TextEdit {
            id: answer
            Layout.fillWidth: true
            visible: text.length > 0
            text: bubble.isUser ? "" : bubble.content
            textFormat: TextEdit.MarkdownText
            readOnly: true
            selectByMouse: true
            wrapMode: Text.Wrap
            color: Theme.text
            font.pixelSize: Theme.fontSize
            onLinkActivated: link => Qt.openUrlExternally(link)
            Accessible.name: qsTr("Answer: %1").arg(bubble.content)
        }

        // Waiting for the first token (the prompt is being read).
        Row {
            visible: bubble.streaming && bubble.content.length === 0 && !bubble.thinking
                     && bubble.reasoning.length === 0
            spacing: 5
            Repeater {
                model: 3
                Rectangle {
                    required property int index
                    width: 7; height: 7; radius: 3.5
                    color: Theme.mutedText
                    SequentialAnimation on opacity {
                        loops: Animation.Infinite
                        running: bubble.streaming
                        PauseAnimation { duration: index * 150 }
                        NumberAnimation { from: 0.25; to: 1; duration: 300 }
                        NumberAnimation { from: 1; to: 0.25; duration: 300 }
                        PauseAnimation { duration: (2 - index) * 150 }
                    }
                }
            }
        }

        Label {
            visible: bubble.status === "error"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.danger
            text: qsTr("The answer failed: %1").arg(bubble.errorMessage)
        }

        RowLayout {
            visible: !bubble.streaming
            spacing: 10
            // "< 2/3 >": the other answers to the same message (Regenerate adds one).
            Row {
                visible: bubble.siblingCount > 1
                spacing: 2
                ToolButton {
                    id: previousAnswer
                    text: "‹"
                    enabled: bubble.siblingIndex > 0 && !chat.generating
                    implicitWidth: 22
                    Accessible.name: qsTr("Previous answer")
                    onClicked: chat.showSibling(bubble.index, -1)
                    contentItem: Label { text: previousAnswer.text; color: previousAnswer.enabled ? Theme.text : Theme.border; horizontalAlignment: Text.AlignHCenter }
                    background: Rectangle { radius: 6; color: previousAnswer.hovered ? Theme.hover : "transparent" }
                }
                Label {
                    objectName: "siblingPosition"
                    anchors.verticalCenter: parent.verticalCenter
                    text: (bubble.siblingIndex + 1) + " / " + bubble.siblingCount
                    color: Theme.mutedText
                    font.pixelSize: Theme.smallFont
                }
                ToolButton {
                    id: nextAnswer
                    text: "›"
                    enabled: bubble.siblingIndex < bubble.siblingCount - 1 && !chat.generating
                    implicitWidth: 22
                    Accessible.name: qsTr("Next answer")
                    onClicked: chat.showSibling(bubble.index, 1)
                    contentItem: Label { text: nextAnswer.text; color: nextAnswer.enabled ? Theme.text : Theme.border; horizontalAlignment: Text.AlignHCenter }
                    background: Rectangle { radius: 6; color: nextAnswer.hovered ? Theme.hover : "transparent" }
                }
            }
            Label {
                visible: bubble.status === "stopped" || bubble.status === "interrupted"
                text: bubble.status === "stopped" ? qsTr("Stopped") : qsTr("Interrupted")
                color: Theme.mutedText
                font.pixelSize: Theme.smallFont
                font.italic: true
            }
            Label {
                visible: bubble.stats !== undefined && bubble.stats.completionTokens !== undefined
                         && bubble.stats.completionTokens > 0
                text: visible ? qsTr("%1 tokens · %2 tok/s")
                                .arg(bubble.stats.completionTokens)
                                .arg(Number(bubble.stats.generationTokensPerSecond).toFixed(1)) : ""
                color: Theme.mutedText
                font.pixelSize: Theme.smallFont
            }
            ToolButton {
                id: copyButton
                visible: bubble.content.length > 0
                text: copied.running ? qsTr("Copied") : qsTr("Copy")
                font.pixelSize: Theme.smallFont
                Accessible.name: qsTr("Copy the answer")
                onClicked: {
                    answer.selectAll()
                    answer.copy()
                    answer.deselect()
                    copied.restart()
                }
                Timer { id: copied; interval: 1500 }
                contentItem: Label { text: copyButton.text; color: Theme.mutedText; font: copyButton.font }
                background: Rectangle { radius: 6; color: copyButton.hovered ? Theme.hover : "transparent" }
            }
            ToolButton {
                id: regenerateButton
                visible: bubble.isLast && chat.canRegenerate
                text: qsTr("↻ Regenerate")
                font.pixelSize: Theme.smallFont
                Accessible.name: qsTr("Regenerate the answer")
                onClicked: chat.regenerate()
                contentItem: Label { text: regenerateButton.text; color: Theme.mutedText; font: regenerateButton.font }
                background: Rectangle { radius: 6; color: regenerateButton.hovered ? Theme.hover : "transparent" }
            }
        }
    }
}
