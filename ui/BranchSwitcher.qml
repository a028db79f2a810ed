// "‹ 2/3 ›": the other versions of a message (regenerated answers, edited questions).
import QtQuick
import QtQuick.Controls

Row {
    id: switcher
    objectName: "branchSwitcher"
    property int row: -1
    property int siblingIndex: 0
    property int siblingCount: 1
    property bool answer: true

    visible: siblingCount > 1
    spacing: 2

    ToolButton {
        id: previous
        objectName: "previousVersion"
        text: "‹"
        enabled: switcher.siblingIndex > 0 && !chat.answering
        implicitWidth: 22
        Accessible.name: switcher.answer ? qsTr("Previous answer") : qsTr("Previous version of the message")
        onClicked: chat.showSibling(switcher.row, -1)
        contentItem: Label { text: previous.text; color: previous.enabled ? Theme.text : Theme.border; horizontalAlignment: Text.AlignHCenter }
        background: Rectangle { radius: 6; color: previous.hovered ? Theme.hover : "transparent" }
    }
    Label {
        objectName: "siblingPosition"
        anchors.verticalCenter: parent.verticalCenter
        text: (switcher.siblingIndex + 1) + " / " + switcher.siblingCount
        color: Theme.mutedText
        font.pixelSize: Theme.smallFont
    }
    ToolButton {
        id: next
        objectName: "nextVersion"
        text: "›"
        enabled: switcher.siblingIndex < switcher.siblingCount - 1 && !chat.answering
        implicitWidth: 22
        Accessible.name: switcher.answer ? qsTr("Next answer") : qsTr("Next version of the message")
        onClicked: chat.showSibling(switcher.row, 1)
        contentItem: Label { text: next.text; color: next.enabled ? Theme.text : Theme.border; horizontalAlignment: Text.AlignHCenter }
        background: Rectangle { radius: 6; color: next.hovered ? Theme.hover : "transparent" }
    }
}
