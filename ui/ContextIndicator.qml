// How much of the model's context the conversation uses: a small ring and
// "1.2K / 4K". Amber from 80 %, red from 95 % (older turns get dropped at the limit).
import QtQuick
import QtQuick.Controls

Item {
    id: indicator
    property int used: 0
    property int size: 0
    property bool estimated: false
    readonly property real fraction: size > 0 ? Math.min(used / size, 1) : 0
    readonly property string level: fraction >= 0.95 ? "full" : fraction >= 0.8 ? "near" : "ok"
    readonly property color levelColor: level === "full" ? Theme.danger
                                      : level === "near" ? (Theme.dark ? "#f0b54a" : "#c47f00")
                                      : Theme.mutedText

    // Tokens in K of 1024, as context sizes are given: 4096 → "4K", 1200 → "1.2K".
    function compact(n) {
        if (n < 1024)
            return String(n)
        const k = n / 1024
        return (k < 10 ? Math.round(k * 10) / 10 : Math.round(k)) + "K"
    }

    visible: size > 0
    implicitWidth: row.implicitWidth
    implicitHeight: 24

    Accessible.role: Accessible.ProgressBar
    Accessible.name: qsTr("Context used: %1 of %2 tokens").arg(used).arg(size)

    HoverHandler { id: hover }
    ToolTip.visible: hover.hovered
    ToolTip.text: (estimated ? qsTr("About %1 of %2 tokens of context used (estimated until the model answers).")
                             : qsTr("%1 of %2 tokens of context used."))
                  .arg(used.toLocaleString(Qt.locale(), "f", 0)).arg(size.toLocaleString(Qt.locale(), "f", 0))
                  + (level !== "ok" ? "\n" + qsTr("Near the limit: the oldest messages will be left out.") : "")

    Row {
        id: row
        spacing: 6
        anchors.verticalCenter: parent.verticalCenter

        Canvas {
            id: ring
            width: 16
            height: 16
            anchors.verticalCenter: parent.verticalCenter
            property real fraction: indicator.fraction
            property color trackColor: Theme.border
            property color fillColor: indicator.levelColor
            onFractionChanged: requestPaint()
            onFillColorChanged: requestPaint()
            onTrackColorChanged: requestPaint()
            onPaint: {
                const ctx = getContext("2d")
                ctx.reset()
                ctx.lineWidth = 3
                ctx.strokeStyle = trackColor
                ctx.beginPath()
                ctx.arc(8, 8, 6, 0, 2 * Math.PI)
                ctx.stroke()
                if (fraction > 0) {
                    ctx.strokeStyle = fillColor
                    ctx.beginPath()
                    ctx.arc(8, 8, 6, -Math.PI / 2, -Math.PI / 2 + 2 * Math.PI * fraction)
                    ctx.stroke()
                }
            }
        }
        Label {
            objectName: "contextLabel"
            anchors.verticalCenter: parent.verticalCenter
            text: (indicator.estimated ? "~" : "") + indicator.compact(indicator.used) + " / "
                  + indicator.compact(indicator.size)
            color: indicator.levelColor
            font.pixelSize: Theme.smallFont
        }
    }
}
