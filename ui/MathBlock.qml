// A display formula ($$...$$ or \[...\]) made readable: centred, a little larger;
// a formula that is one \boxed{...} (a final answer) gets a frame.
import QtQuick

Item {
    id: math
    objectName: "mathBlock"
    property string html
    property bool boxed: false
    property bool complete: true

    implicitHeight: formula.implicitHeight + 16

    Rectangle {
        anchors.centerIn: formula
        width: formula.width + 24
        height: formula.height + 12
        radius: 6
        visible: math.boxed
        color: "transparent"
        border.width: 1.5
        border.color: Theme.accent
    }

    TextEdit {
        id: formula
        anchors.centerIn: parent
        width: Math.min(implicitWidth, math.width - 32)
        text: math.html
        textFormat: TextEdit.RichText
        readOnly: true
        selectByMouse: true
        wrapMode: TextEdit.Wrap
        horizontalAlignment: TextEdit.AlignHCenter
        color: Theme.text
        opacity: math.complete ? 1 : 0.7
        font.pixelSize: Theme.font(17)
        font.family: "serif"
        Accessible.role: Accessible.StaticText
        Accessible.name: qsTr("Formula: %1").arg(getText(0, length))
    }
}
