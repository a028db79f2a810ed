// The actions on one conversation, opened by right-click, its "…" button or the
// Menu key: Rename, Pin/Unpin, Export as Markdown or JSON, Delete.
import QtQuick
import QtQuick.Controls

Menu {
    id: menu
    objectName: "conversationMenu"
    property var conversationId: 0
    property string conversationTitle: ""
    property bool pinned: false
    signal renameRequested(var conversationId)
    signal exportRequested(var conversationId, string format)

    background: Rectangle {
        implicitWidth: 210
        radius: 8
        color: Theme.window
        border.color: Theme.border
    }

    // `item` is where the menu appears (at x, y in its coordinates; omitted: below it).
    function openFor(item, id, name, isPinned, x, y) {
        conversationId = id
        conversationTitle = name
        pinned = isPinned
        if (x === undefined) popup(item, 0, item.height)
        else popup(item, x, y)
    }

    MenuItem {
        objectName: "renameAction"
        text: qsTr("Rename")
        Accessible.name: qsTr("Rename %1").arg(menu.conversationTitle)
        onTriggered: menu.renameRequested(menu.conversationId)
    }
    MenuItem {
        objectName: "pinAction"
        text: menu.pinned ? qsTr("Unpin") : qsTr("Pin")
        Accessible.name: (menu.pinned ? qsTr("Unpin %1") : qsTr("Pin %1")).arg(menu.conversationTitle)
        onTriggered: chat.setPinned(menu.conversationId, !menu.pinned)
    }
    MenuSeparator {}
    MenuItem {
        objectName: "exportMarkdownAction"
        text: qsTr("Export as Markdown…")
        Accessible.name: qsTr("Export %1 as Markdown").arg(menu.conversationTitle)
        onTriggered: menu.exportRequested(menu.conversationId, "markdown")
    }
    MenuItem {
        objectName: "exportJsonAction"
        text: qsTr("Export as JSON…")
        Accessible.name: qsTr("Export %1 as JSON").arg(menu.conversationTitle)
        onTriggered: menu.exportRequested(menu.conversationId, "json")
    }
    MenuSeparator {}
    MenuItem {
        id: deleteItem
        objectName: "deleteAction"
        text: qsTr("Delete")
        Accessible.name: qsTr("Delete %1").arg(menu.conversationTitle)
        onTriggered: chat.deleteConversation(menu.conversationId)
        contentItem: Label {
            text: deleteItem.text
            color: Theme.danger
            verticalAlignment: Text.AlignVCenter
        }
    }
}
