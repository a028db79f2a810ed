// A number chosen on a slider, its value shown beside it. `edited` fires only for
// the user's changes (dragging or the arrow keys), never for a binding update.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

RowLayout {
    id: setting
    property real from: 0
    property real to: 1
    property real stepSize: 0.01
    property real value: 0
    property int decimals: 2
    property string accessibleName
    signal edited(real value)

    spacing: 8
    Layout.preferredWidth: 260

    Slider {
        id: slider
        Layout.fillWidth: true
        from: setting.from
        to: setting.to
        stepSize: setting.stepSize
        snapMode: Slider.SnapAlways
        value: setting.value
        Accessible.name: setting.accessibleName
        onMoved: setting.edited(Number(value.toFixed(setting.decimals)))
    }
    Label {
        Layout.preferredWidth: Theme.font(40)
        horizontalAlignment: Text.AlignRight
        text: Number(setting.value).toFixed(setting.decimals)
        color: Theme.text
        font.pixelSize: Theme.fontSize
        font.family: "monospace"
    }
}
