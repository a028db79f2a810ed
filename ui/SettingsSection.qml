// One titled group of the settings page (General, Model & device, ...): a heading,
// an optional note, then its rows on a rounded surface.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    id: section
    property string title
    property string note
    default property alias rows: body.data
    spacing: 8

    Label {
        text: section.title
        color: Theme.text
        font.pixelSize: Theme.font(17)
        font.weight: Font.DemiBold
        Accessible.role: Accessible.Heading
        Accessible.name: text
    }
    Label {
        Layout.fillWidth: true
        visible: section.note.length > 0
        text: section.note
        wrapMode: Text.Wrap
        color: Theme.mutedText
        font.pixelSize: Theme.smallFont
    }
    Rectangle {
        Layout.fillWidth: true
        implicitHeight: body.implicitHeight + 16
        radius: Theme.radius
        color: Theme.surface
        border.color: Theme.border
        ColumnLayout {
            id: body
            x: 16
            y: 8
            width: parent.width - 32
            spacing: 0
        }
    }
}
