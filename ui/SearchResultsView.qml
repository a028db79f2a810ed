// Search hits in place of the conversation list: the conversation's title and the
// date, then the snippet with the matches highlighted (rich text built and escaped
// in SearchResultsModel). The search box drives it: Up/Down move, Enter opens.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ListView {
    id: view
    clip: true
    model: chat.searchResults
    spacing: 2
    currentIndex: count > 0 ? 0 : -1
    keyNavigationEnabled: true
    highlightMoveDuration: 0
    Accessible.name: qsTr("Search results")
    Accessible.role: Accessible.List
    ScrollBar.vertical: ScrollBar {}

    Binding {
        target: chat.searchResults
        property: "highlightColor"
        value: Theme.dark ? "#6b5600" : "#ffe58a"
    }

    function move(step) {
        if (count === 0) return
        currentIndex = Math.max(0, Math.min(count - 1, currentIndex + step))
        positionViewAtIndex(currentIndex, ListView.Contain)
    }
    // Enter before typing paused searches at once, then opens the selected hit.
    function openCurrent() {
        if (chat.searchResults.pending) {
            chat.searchResults.searchNow()
            currentIndex = count > 0 ? 0 : -1
        }
        if (currentIndex < 0) return
        chat.openSearchHit(chat.searchResults.conversationIdAt(currentIndex),
                           chat.searchResults.messageIdAt(currentIndex))
    }

    delegate: ItemDelegate {
        id: hit
        required property var conversationId
        required property var messageId
        required property string title
        required property string snippet
        required property string snippetText
        required property string field
        required property var date
        required property int index
        objectName: "searchHit_" + index
        width: ListView.view.width
        highlighted: ListView.isCurrentItem
        topPadding: 8
        bottomPadding: 8
        Accessible.name: qsTr("%1: %2").arg(title).arg(snippetText)
        onClicked: {
            view.currentIndex = index
            chat.openSearchHit(conversationId, messageId)
        }

        contentItem: ColumnLayout {
            spacing: 3
            RowLayout {
                Layout.fillWidth: true
                spacing: 6
                Label {
                    Layout.fillWidth: true
                    text: hit.title.length > 0 ? hit.title : qsTr("New chat")
                    elide: Text.ElideRight
                    color: Theme.text
                    font.pixelSize: Theme.fontSize - 1
                    font.weight: Font.DemiBold
                }
                Label {
                    text: hit.date ? hit.date.toLocaleDateString(Qt.locale(), Locale.ShortFormat) : ""
                    color: Theme.mutedText
                    font.pixelSize: Theme.smallFont - 1
                }
            }
            // Title hits show the title itself, highlighted, as their snippet.
            Label {
                objectName: "snippet"
                Layout.fillWidth: true
                text: (hit.field === "reasoning" ? "<i>" + qsTr("Reasoning") + ":</i> " : "") + hit.snippet
                textFormat: Text.RichText
                wrapMode: Text.Wrap
                maximumLineCount: 2
                elide: Text.ElideRight
                color: Theme.mutedText
                font.pixelSize: Theme.smallFont
            }
        }
        background: Rectangle {
            radius: 8
            color: hit.highlighted ? Theme.selected : (hit.hovered ? Theme.hover : "transparent")
        }
    }

    Label {
        anchors.centerIn: parent
        width: parent.width - 24
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
        visible: view.count === 0 && !chat.searchResults.pending
        text: chat.searchResults.error.length > 0 ? chat.searchResults.error : qsTr("No matches")
        color: chat.searchResults.error.length > 0 ? Theme.danger : Theme.mutedText
    }
}
