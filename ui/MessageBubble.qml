// One message. User: a bubble on the right (the documents sent with it as read-only
// chips above it) with Copy / Edit (an inline editor; saving
// makes a new version of the question and answers it) and "‹ 1/2 ›" between versions.
// Assistant: the reasoning panel (if the model thought), the answer as blocks
// (Markdown, highlighted code, display math: MessageBlocks renders them in C++), its
// status, and actions: versions, Copy, Regenerate, Stop while it streams, and the
// figures (tokens, tok/s, first token) when the pointer is over the message.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Siliang

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
    required property var attachments
    property bool isLast: false

    readonly property bool isUser: role === "user"
    readonly property bool streaming: status === "streaming"
    readonly property bool hovered: hover.hovered
    property bool editing: false

    implicitHeight: isUser ? userColumn.implicitHeight : assistantColumn.implicitHeight

    HoverHandler { id: hover }

    function copyText(text) {
        clipboard.text = text
        clipboard.selectAll()
        clipboard.copy()
        clipboard.text = ""
    }

    // QML has no clipboard API; a TextEdit's copy() is one.
    TextEdit { id: clipboard; visible: false; textFormat: TextEdit.PlainText }

    // ---- user ----
    ColumnLayout {
        id: userColumn
        visible: bubble.isUser
        width: parent.width
        spacing: 4

        // The documents sent with the question, above it (read-only chips).
        Flow {
            objectName: "sentAttachments"
            visible: bubble.isUser && (bubble.attachments || []).length > 0
            Layout.alignment: Qt.AlignRight
            Layout.maximumWidth: bubble.width * 0.8
            Layout.preferredWidth: Math.min(implicitWidth, bubble.width * 0.8)
            spacing: 6
            Repeater {
                model: bubble.isUser ? bubble.attachments : []
                delegate: AttachmentChip {
                    required property var modelData
                    objectName: "sentAttachmentChip"
                    fileName: modelData.fileName
                    sizeText: modelData.sizeText
                    kind: modelData.kind
                    removable: false
                }
            }
        }

        Rectangle {
            id: userBox
            visible: !bubble.editing
            Layout.alignment: Qt.AlignRight
            Layout.preferredWidth: Math.min(userText.implicitWidth + 32, bubble.width * 0.8)
            Layout.preferredHeight: userText.implicitHeight + 20
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
                selectionColor: Theme.accent
                selectedTextColor: Theme.accentText
                font.pixelSize: Theme.fontSize
                Accessible.role: Accessible.StaticText
                Accessible.name: qsTr("You said: %1").arg(text)
            }
        }

        Rectangle {
            id: editorBox
            objectName: "messageEditor"
            visible: bubble.editing
            Layout.fillWidth: true
            Layout.preferredHeight: editorColumn.implicitHeight + 20
            radius: 14
            color: Theme.userBubble
            border.color: Theme.accent

            ColumnLayout {
                id: editorColumn
                anchors.fill: parent
                anchors.margins: 10
                spacing: 8
                TextArea {
                    id: editor
                    objectName: "messageEditorText"
                    Layout.fillWidth: true
                    wrapMode: TextEdit.Wrap
                    color: Theme.text
                    font.pixelSize: Theme.fontSize
                    background: null
                    Accessible.name: qsTr("Edit your message")
                    Keys.onEscapePressed: bubble.editing = false
                    Keys.onReturnPressed: event => {
                        if (event.modifiers & Qt.ShiftModifier) {
                            event.accepted = false
                            return
                        }
                        saveEdit.clicked()
                    }
                }
                RowLayout {
                    Layout.alignment: Qt.AlignRight
                    spacing: 8
                    Button {
                        id: cancelEdit
                        text: qsTr("Cancel")
                        Accessible.name: qsTr("Cancel the edit")
                        onClicked: bubble.editing = false
                    }
                    Button {
                        id: saveEdit
                        objectName: "saveEditButton"
                        text: qsTr("Save and send")
                        enabled: editor.text.trim().length > 0 && chat.modelLoaded && !chat.generating
                        highlighted: true
                        Accessible.name: qsTr("Save the edited message and answer it")
                        onClicked: {
                            if (!enabled) return
                            bubble.editing = false
                            chat.editMessage(bubble.index, editor.text)
                        }
                    }
                }
            }
        }

        RowLayout {
            Layout.alignment: Qt.AlignRight
            visible: !bubble.editing
            spacing: 4
            // Shown on hover (and always when there are versions to switch between).
            opacity: bubble.hovered || bubble.siblingCount > 1 ? 1 : 0
            BranchSwitcher {
                row: bubble.index
                siblingIndex: bubble.siblingIndex
                siblingCount: bubble.siblingCount
                answer: false
            }
            ActionButton {
                objectName: "copyMessageButton"
                text: copiedUser.running ? qsTr("Copied") : qsTr("Copy")
                Accessible.name: qsTr("Copy the message")
                onClicked: {
                    bubble.copyText(bubble.content)
                    copiedUser.restart()
                }
                Timer { id: copiedUser; interval: 1500 }
            }
            ActionButton {
                objectName: "editMessageButton"
                text: qsTr("Edit")
                enabled: !chat.generating
                Accessible.name: qsTr("Edit the message")
                onClicked: {
                    editor.text = bubble.content
                    bubble.editing = true
                    editor.forceActiveFocus()
                    editor.cursorPosition = editor.length
                }
            }
        }
    }

    // ---- assistant ----
    ColumnLayout {
        id: assistantColumn
        visible: !bubble.isUser
        width: parent.width
        spacing: 8

        ReasoningPanel {
            Layout.fillWidth: true
            // "Show reasoning" off (settings): only while the model is still thinking.
            visible: bubble.thinking
                     || (bubble.reasoning.length > 0 && chat.preferences.effective.showReasoning)
            text: bubble.reasoning
            thinking: bubble.thinking
            seconds: bubble.reasoningSeconds
            answered: bubble.streaming || bubble.content.length > 0
        }

        MessageBlocksView {
            id: blocksView
            objectName: "answerBlocks"
            Layout.fillWidth: true
            visible: bubble.content.length > 0
            text: bubble.isUser ? "" : bubble.content
            Accessible.role: Accessible.Grouping
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
            spacing: 6
            BranchSwitcher {
                visible: !bubble.streaming && bubble.siblingCount > 1
                row: bubble.index
                siblingIndex: bubble.siblingIndex
                siblingCount: bubble.siblingCount
            }
            Label {
                visible: bubble.status === "stopped" || bubble.status === "interrupted"
                text: bubble.status === "stopped" ? qsTr("Stopped") : qsTr("Interrupted")
                color: Theme.mutedText
                font.pixelSize: Theme.smallFont
                font.italic: true
            }
            ActionButton {
                objectName: "stopButton"
                visible: bubble.streaming
                text: qsTr("■ Stop")
                Accessible.name: qsTr("Stop the answer")
                onClicked: chat.stop()
            }
            ActionButton {
                id: copyButton
                objectName: "copyAnswerButton"
                visible: !bubble.streaming && bubble.content.length > 0
                text: copied.running ? qsTr("Copied") : qsTr("Copy")
                Accessible.name: qsTr("Copy the answer")
                onClicked: {
                    bubble.copyText(bubble.content)
                    copied.restart()
                }
                Timer { id: copied; interval: 1500 }
            }
            ActionButton {
                objectName: "regenerateButton"
                visible: bubble.isLast && chat.canRegenerate
                text: qsTr("↻ Regenerate")
                Accessible.name: qsTr("Regenerate the answer")
                onClicked: chat.regenerate()
            }
            MessageStats {
                visible: !bubble.streaming && text.length > 0
                opacity: bubble.hovered ? 1 : 0
                stats: bubble.stats
                reasoningSeconds: bubble.reasoningSeconds
                Behavior on opacity { NumberAnimation { duration: 120 } }
            }
        }
    }

    // A small text button for the message actions.
    component ActionButton: ToolButton {
        id: action
        font.pixelSize: Theme.smallFont
        contentItem: Label { text: action.text; color: action.enabled ? Theme.mutedText : Theme.border; font: action.font }
        background: Rectangle { radius: 6; color: action.hovered ? Theme.hover : "transparent" }
    }
}
