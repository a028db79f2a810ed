// The sidebar: New chat, the search box, then either the conversations grouped by
// date or, while a query is typed, the search hits. A notice at the bottom offers
// Undo after a delete. focusSearch() is what Ctrl+F calls.
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts

Rectangle {
    id: sidebar
    objectName: "sidebar"
    color: Theme.sidebar
    Rectangle { anchors.right: parent.right; width: 1; height: parent.height; color: Theme.border }

    function focusSearch() {
        searchField.forceActiveFocus()
        searchField.selectAll()
    }

    // Exports go through a save dialog where Qt's FileDialog works (see main.cpp);
    // elsewhere straight to the documents folder, and the notice says where.
    function exportConversation(conversationId, format) {
        if (exportDialog.item) {
            exportDialog.item.conversationId = conversationId
            exportDialog.item.format = format
            exportDialog.item.selectedFile = chat.exportFileUrl(conversationId, format)
            exportDialog.item.open()
        } else {
            chat.exportConversation(conversationId, "", format)
        }
    }

    Loader {
        id: exportDialog
        active: fileDialogAvailable
        sourceComponent: FileDialog {
            property var conversationId: 0
            property string format: "markdown"
            title: format === "json" ? qsTr("Export as JSON") : qsTr("Export as Markdown")
            fileMode: FileDialog.SaveFile
            nameFilters: format === "json" ? [qsTr("JSON files (*.json)")] : [qsTr("Markdown files (*.md)")]
            onAccepted: chat.exportConversation(conversationId, selectedFile.toString(), format)
        }
    }

    ConversationMenu {
        id: conversationMenu
        onRenameRequested: (conversationId) => list.renamingId = conversationId
        onExportRequested: (conversationId, format) => sidebar.exportConversation(conversationId, format)
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 12
        spacing: 8

        Label {
            text: "Siliang"
            font.pixelSize: Theme.font(18)
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
                border.color: newChat.visualFocus ? Theme.accent : Theme.border
                implicitHeight: 38
            }
        }

        TextField {
            id: searchField
            objectName: "searchField"
            Layout.fillWidth: true
            placeholderText: qsTr("Search chats")
            Accessible.name: qsTr("Search conversations")
            Accessible.description: qsTr("Enter opens the selected result, Esc clears")
            color: Theme.text
            placeholderTextColor: Theme.mutedText
            leftPadding: 10
            rightPadding: clearButton.visible ? clearButton.width + 4 : 10
            selectByMouse: true
            onTextChanged: chat.searchResults.query = text
            background: Rectangle {
                implicitHeight: 34
                radius: 8
                color: Theme.window
                border.color: searchField.activeFocus ? Theme.accent : Theme.border
            }
            Keys.onUpPressed: results.move(-1)
            Keys.onDownPressed: results.move(1)
            Keys.onReturnPressed: results.openCurrent()
            Keys.onEnterPressed: results.openCurrent()
            Keys.onEscapePressed: (event) => {
                // Esc clears; a second Esc (box already empty) goes on to the window.
                event.accepted = text.length > 0
                text = ""
            }

            ToolButton {
                id: clearButton
                anchors.right: parent.right
                anchors.verticalCenter: parent.verticalCenter
                visible: searchField.text.length > 0
                text: "✕"
                font.pixelSize: Theme.font(11)
                implicitWidth: 26
                implicitHeight: 26
                focusPolicy: Qt.NoFocus
                Accessible.name: qsTr("Clear search")
                onClicked: searchField.text = ""
                background: Rectangle {
                    radius: 6
                    color: clearButton.hovered ? Theme.hover : "transparent"
                }
            }
        }

        ListView {
            id: list
            objectName: "conversationList"
            visible: searchField.text.length === 0
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: chat.conversations
            spacing: 2
            keyNavigationEnabled: true
            activeFocusOnTab: true
            currentIndex: -1
            Accessible.name: qsTr("Conversations")
            Accessible.role: Accessible.List
            ScrollBar.vertical: ScrollBar {}
            // The conversation whose title is being edited in place (0: none).
            property var renamingId: 0

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

            delegate: ConversationDelegate {
                width: ListView.view.width
                menu: conversationMenu
            }

            Label {
                anchors.centerIn: parent
                visible: list.count === 0
                text: qsTr("No conversations yet")
                color: Theme.mutedText
            }
        }

        SearchResultsView {
            id: results
            objectName: "searchResults"
            visible: searchField.text.length > 0
            Layout.fillWidth: true
            Layout.fillHeight: true
        }

        SidebarNotice {
            Layout.fillWidth: true
        }
    }
}
