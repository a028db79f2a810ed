// One conversation in the sidebar: its title (edited in place when renaming), a
// dot while its answer streams, and a "…" button for the actions menu. Right-click
// or the Menu key opens the menu too; F2 renames, Delete deletes.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ItemDelegate {
    id: row
    required property var conversationId
    required property string title
    required property bool pinned
    required property int index
    property ConversationMenu menu
    readonly property bool renaming: ListView.view.renamingId === conversationId
    readonly property bool streaming: chat.generating && chat.streamingConversationId === conversationId

    objectName: "conversation_" + conversationId
    height: 36
    highlighted: conversationId === chat.conversationId
    Accessible.name: title
    Accessible.description: pinned ? qsTr("Pinned conversation") : ""
    onClicked: {
        ListView.view.currentIndex = index
        chat.openConversation(conversationId)
    }

    function openMenu(x, y) { menu.openFor(row, conversationId, title, pinned, x, y) }
    function finishRename(commit) {
        if (!renaming) return
        // Leave rename mode first: renaming reloads the list, which replaces this row.
        const id = conversationId
        const name = editor.text
        ListView.view.renamingId = 0
        if (commit) chat.renameConversation(id, name)
    }

    Keys.onReturnPressed: clicked()
    Keys.onEnterPressed: clicked()
    Keys.onMenuPressed: openMenu()
    Keys.onPressed: (event) => {
        if (event.key === Qt.Key_F2) {
            ListView.view.renamingId = conversationId
            event.accepted = true
        } else if (event.key === Qt.Key_Delete) {
            chat.deleteConversation(conversationId)
            event.accepted = true
        } else if (event.key === Qt.Key_F10 && (event.modifiers & Qt.ShiftModifier)) {
            openMenu()
            event.accepted = true
        }
    }

    TapHandler {
        acceptedButtons: Qt.RightButton
        onTapped: (eventPoint) => row.openMenu(eventPoint.position.x, eventPoint.position.y)
    }

    contentItem: RowLayout {
        spacing: 4
        Rectangle {
            objectName: "streamingDot"
            visible: row.streaming
            width: 7
            height: 7
            radius: 3.5
            color: Theme.accent
            Accessible.ignored: true
            SequentialAnimation on opacity {
                running: row.streaming
                loops: Animation.Infinite
                NumberAnimation { to: 0.25; duration: 600 }
                NumberAnimation { to: 1; duration: 600 }
            }
        }
        Label {
            visible: !row.renaming
            Layout.fillWidth: true
            text: row.title
            elide: Text.ElideRight
            color: Theme.text
            font.pixelSize: Theme.fontSize - 1
        }
        TextField {
            id: editor
            objectName: "renameField"
            visible: row.renaming
            Layout.fillWidth: true
            implicitHeight: 28
            font.pixelSize: Theme.fontSize - 1
            color: Theme.text
            selectByMouse: true
            Accessible.name: qsTr("New name for %1").arg(row.title)
            onVisibleChanged: if (visible) {
                text = row.title
                selectAll()
                forceActiveFocus()
            }
            onAccepted: row.finishRename(true)
            // Clicking elsewhere keeps what was typed, like most file managers.
            onActiveFocusChanged: if (!activeFocus) row.finishRename(true)
            Keys.onEscapePressed: row.finishRename(false)
            background: Rectangle {
                radius: 6
                color: Theme.window
                border.color: Theme.accent
            }
        }
        ToolButton {
            objectName: "conversationMenuButton"
            visible: !row.renaming && (row.hovered || row.highlighted || row.activeFocus)
            text: "…"
            font.pixelSize: Theme.font(14)
            implicitWidth: 26
            implicitHeight: 26
            focusPolicy: Qt.NoFocus
            Accessible.name: qsTr("Actions for %1").arg(row.title)
            ToolTip.visible: hovered
            ToolTip.delay: 600
            ToolTip.text: qsTr("Rename, pin, export or delete")
            onClicked: row.openMenu()
        }
    }
    background: Rectangle {
        radius: 8
        color: row.highlighted ? Theme.selected : (row.hovered ? Theme.hover : "transparent")
        border.color: row.visualFocus || (row.ListView.isCurrentItem && row.ListView.view.activeFocus)
                      ? Theme.accent : "transparent"
    }
}
