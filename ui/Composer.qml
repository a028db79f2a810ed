// The message box: multi-line; Enter sends, Shift+Enter starts a new line, Esc or
// the Stop button stops the answer being written.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Rectangle {
    id: composer
    implicitHeight: Math.min(Math.max(input.implicitHeight, 24), 200) + 28
    radius: 20
    color: Theme.surface
    border.color: input.activeFocus ? Theme.accent : Theme.border
    Layout.leftMargin: 24
    Layout.rightMargin: 24

    function submit() {
        if (chat.generating || !chat.modelLoaded || input.text.trim().length === 0)
            return
        chat.send(input.text)
        input.clear()
    }

    Component.onCompleted: input.forceActiveFocus()

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 16
        anchors.rightMargin: 8
        spacing: 8

        ScrollView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.topMargin: 8
            Layout.bottomMargin: 8
            TextArea {
                id: input
                objectName: "composerInput"
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
                    } else if (event.key === Qt.Key_Escape && chat.generating) {
                        chat.stop()
                        event.accepted = true
                    }
                }
            }
        }

        Button {
            id: action
            objectName: "sendButton"
            Layout.alignment: Qt.AlignBottom
            Layout.bottomMargin: 6
            enabled: chat.generating || (chat.modelLoaded && input.text.trim().length > 0)
            Accessible.name: chat.generating ? qsTr("Stop") : qsTr("Send")
            ToolTip.visible: hovered
            ToolTip.text: chat.generating ? qsTr("Stop (Esc)") : qsTr("Send (Enter)")
            onClicked: chat.generating ? chat.stop() : composer.submit()
            contentItem: Text {
                text: chat.generating ? "■" : "↑"
                color: Theme.accentText
                font.pixelSize: chat.generating ? 14 : 18
                font.bold: true
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
            }
            background: Rectangle {
                implicitWidth: 36
                implicitHeight: 36
                radius: 18
                color: action.enabled ? (chat.generating ? Theme.text : Theme.accent) : Theme.border
            }
        }
    }

    Shortcut {
        sequence: "Esc"
        enabled: chat.generating
        onActivated: chat.stop()
    }
}
