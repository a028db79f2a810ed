// A fenced code block: language label, Copy button, the highlighted code (HTML from
// MessageBlocksModel) in a monospace font, scrolling sideways when lines are long.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Rectangle {
    id: codeBlock
    objectName: "codeBlock"
    property string html
    property string code
    property string language
    property bool complete: true

    implicitHeight: header.height + body.height
    radius: 8
    color: Theme.codeBg
    border.color: Theme.border
    clip: true

    Rectangle {
        id: header
        width: parent.width
        height: 32
        radius: codeBlock.radius
        color: Theme.surface
        // Square the header's lower corners.
        Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: parent.radius; color: parent.color }

        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 12
            anchors.rightMargin: 4
            Label {
                objectName: "codeLanguage"
                text: codeBlock.language.length > 0 ? codeBlock.language : qsTr("code")
                color: Theme.mutedText
                font.pixelSize: Theme.smallFont
                font.family: "monospace"
            }
            Item { Layout.fillWidth: true }
            ToolButton {
                id: copyCode
                objectName: "copyCodeButton"
                text: copiedTimer.running ? qsTr("Copied") : qsTr("Copy")
                font.pixelSize: Theme.smallFont
                Accessible.name: qsTr("Copy the code")
                onClicked: {
                    clipboard.text = codeBlock.code
                    clipboard.selectAll()
                    clipboard.copy()
                    copiedTimer.restart()
                }
                Timer { id: copiedTimer; interval: 1500 }
                contentItem: Label { text: copyCode.text; color: Theme.mutedText; font: copyCode.font }
                background: Rectangle { radius: 6; color: copyCode.hovered ? Theme.hover : "transparent" }
            }
        }
    }

    Flickable {
        id: body
        anchors.top: header.bottom
        width: parent.width
        height: codeText.implicitHeight + 20
        contentWidth: Math.max(width, codeText.implicitWidth + 28)
        contentHeight: height
        flickableDirection: Flickable.HorizontalFlick
        boundsBehavior: Flickable.StopAtBounds
        clip: true
        ScrollBar.horizontal: ScrollBar { policy: body.contentWidth > body.width ? ScrollBar.AsNeeded : ScrollBar.AlwaysOff }

        TextEdit {
            id: codeText
            objectName: "codeText"
            x: 14
            y: 10
            text: codeBlock.html
            textFormat: TextEdit.RichText
            readOnly: true
            selectByMouse: true
            color: Theme.text
            selectionColor: Theme.accent
            selectedTextColor: Theme.accentText
            font.family: "monospace"
            font.pixelSize: Theme.font(13)
            Accessible.role: Accessible.StaticText
            Accessible.name: qsTr("Code: %1").arg(codeBlock.code)
        }
    }

    // Copies plain code (QML has no clipboard API; a TextEdit's copy() is one).
    TextEdit { id: clipboard; visible: false; textFormat: TextEdit.PlainText }
}
