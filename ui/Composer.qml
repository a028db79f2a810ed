// The message box: multi-line; Enter sends, Shift+Enter starts a new line, Esc or
// the Stop button stops the answer being written in this conversation. While another
// conversation is answered, typing still works but sending waits, and a line under
// the box says which answer it waits for (chat.sendBlockedReason). Documents attached with the
// button or dropped on it wait as chips above the text and go with the message; a
// dropped .gguf is imported as a model instead. The ring on the right shows how
// much of the context the conversation uses.
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts

Rectangle {
    id: composer
    objectName: "composer"
    readonly property bool canSend: !chat.answering && chat.sendBlockedReason.length === 0
                                    && chat.modelLoaded && input.text.trim().length > 0
    implicitHeight: column.implicitHeight + 16
    radius: 20
    color: Theme.surface
    border.color: drop.containsDrag ? Theme.accent
                                    : input.activeFocus ? Theme.accent : Theme.border
    border.width: drop.containsDrag ? 2 : 1
    Layout.leftMargin: 24
    Layout.rightMargin: 24

    function submit() {
        if (!canSend)
            return
        chat.send(input.text)
        input.clear()
    }

    Component.onCompleted: input.forceActiveFocus()

    // Created only where Qt's file dialog can work (see main.cpp).
    Loader {
        id: attachDialog
        active: typeof fileDialogAvailable !== "undefined" && fileDialogAvailable
        sourceComponent: FileDialog {
            title: qsTr("Attach documents")
            fileMode: FileDialog.OpenFiles
            nameFilters: [qsTr("Documents (*.pdf *.docx *.odt *.md *.txt *.html *.htm *.csv *.tsv *.json *.xml *.rtf *.epub)"),
                          qsTr("All files (*)")]
            onAccepted: chat.acceptDrop(selectedFiles)
        }
        function open() { if (item) item.open() }
    }

    DropArea {
        id: drop
        anchors.fill: parent
        onEntered: drag => drag.accept(Qt.CopyAction)
        onDropped: drop => {
            if (drop.hasUrls) {
                chat.acceptDrop(drop.urls)
                drop.accept(Qt.CopyAction)
            }
        }
    }

    ColumnLayout {
        id: column
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: 8
        anchors.leftMargin: 10
        spacing: 4

        Flow {
            objectName: "attachmentChips"
            Layout.fillWidth: true
            Layout.topMargin: 2
            visible: chat.attachments.count > 0
            spacing: 6
            Repeater {
                model: chat.attachments
                delegate: AttachmentChip {
                    required property int index
                    required fileName
                    required sizeText
                    required kind
                    objectName: "attachmentChip"
                    onRemoveClicked: chat.attachments.remove(index)
                }
            }
        }

        Label {
            objectName: "attachmentError"
            Layout.fillWidth: true
            visible: chat.attachments.lastError.length > 0
            text: chat.attachments.lastError
            color: Theme.danger
            wrapMode: Text.Wrap
            font.pixelSize: Theme.smallFont
            TapHandler { onTapped: chat.attachments.dismissError() }
        }

        RowLayout {
            Layout.fillWidth: true
            spacing: 6

            ToolButton {
                id: attach
                objectName: "attachButton"
                Layout.alignment: Qt.AlignBottom
                Layout.preferredWidth: 36
                Layout.preferredHeight: 36
                visible: attachDialog.active
                text: "+"
                font.pixelSize: Theme.font(20)
                // Reachable with Tab; a click leaves the focus in the message box.
                focusPolicy: Qt.TabFocus
                background: Rectangle {
                    radius: 18
                    color: attach.hovered ? Theme.hover : "transparent"
                }
                Accessible.name: qsTr("Attach documents")
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Attach documents (or drop them here)")
                onClicked: attachDialog.open()
            }

            ScrollView {
                Layout.fillWidth: true
                Layout.preferredHeight: Math.min(Math.max(input.implicitHeight, 36), 200)
                Layout.leftMargin: attach.visible ? 0 : 8
                TextArea {
                    id: input
                    objectName: "composerInput"
                    enabled: chat.modelLoaded
                    placeholderText: chat.modelLoaded ? qsTr("Message %1").arg(chat.modelName)
                                                      : qsTr("Load a model to start chatting")
                    placeholderTextColor: Theme.mutedText
                    color: Theme.text
                    font.pixelSize: Theme.fontSize
                    wrapMode: TextEdit.Wrap
                    background: null
                    Accessible.name: qsTr("Message")
                    Keys.onPressed: event => {
                        if ((event.key === Qt.Key_Return || event.key === Qt.Key_Enter)
                                && !(event.modifiers & Qt.ShiftModifier)) {
                            composer.submit()
                            event.accepted = true
                        } else if (event.key === Qt.Key_Escape && chat.answering) {
                            chat.stop()
                            event.accepted = true
                        }
                    }
                }
            }

            ContextIndicator {
                objectName: "contextIndicator"
                Layout.alignment: Qt.AlignBottom
                Layout.bottomMargin: 8
                used: chat.contextUsed
                size: chat.contextSize
                estimated: chat.contextEstimated
            }

            Button {
                id: action
                objectName: "sendButton"
                Layout.alignment: Qt.AlignBottom
                enabled: chat.answering || composer.canSend
                Accessible.name: chat.answering ? qsTr("Stop") : qsTr("Send")
                Accessible.description: chat.sendBlockedReason
                ToolTip.visible: hovered
                ToolTip.text: chat.answering ? qsTr("Stop (Esc)") : qsTr("Send (Enter)")
                onClicked: chat.answering ? chat.stop() : composer.submit()
                contentItem: Text {
                    text: chat.answering ? "■" : "↑"
                    color: Theme.accentText
                    font.pixelSize: Theme.font(chat.answering ? 14 : 18)
                    font.bold: true
                    horizontalAlignment: Text.AlignHCenter
                    verticalAlignment: Text.AlignVCenter
                }
                background: Rectangle {
                    implicitWidth: 36
                    implicitHeight: 36
                    radius: 18
                    color: action.enabled ? (chat.answering ? Theme.text : Theme.accent) : Theme.border
                }
            }
        }

        // A disabled button shows no tooltip, so the reason is written out.
        Label {
            objectName: "sendBlockedNotice"
            Layout.fillWidth: true
            Layout.leftMargin: 8
            visible: chat.sendBlockedReason.length > 0
            text: chat.sendBlockedReason
            color: Theme.mutedText
            wrapMode: Text.Wrap
            font.pixelSize: Theme.smallFont
            Accessible.role: Accessible.StaticText
            Accessible.name: text
        }
    }

    Shortcut {
        sequence: "Esc"
        enabled: chat.answering
        onActivated: chat.stop()
    }
}
