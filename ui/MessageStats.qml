// An answer's figures, shown when the pointer is over the message: tokens, decode
// speed, time to first token (this session's answers; else the prompt's reading time,
// marked "≈") and how long the model thought.
import QtQuick
import QtQuick.Controls

Label {
    id: statsLabel
    objectName: "messageStats"
    property var stats: ({})
    property int reasoningSeconds: 0

    readonly property int tokens: stats && stats.completionTokens ? stats.completionTokens : 0
    readonly property real firstTokenSeconds: {
        if (!stats) return 0
        if (stats.firstTokenMs > 0) return stats.firstTokenMs / 1000
        if (stats.promptTokens > 0 && stats.promptTokensPerSecond > 0)
            return stats.promptTokens / stats.promptTokensPerSecond
        return 0
    }
    readonly property bool estimated: !(stats && stats.firstTokenMs > 0)

    function describe() {
        if (tokens <= 0) return ""
        let parts = [qsTr("%1 tokens").arg(tokens),
                     qsTr("%1 tok/s").arg(Number(stats.generationTokensPerSecond || 0).toFixed(1))]
        if (firstTokenSeconds > 0)
            parts.push(qsTr("first token %1%2 s").arg(estimated ? "≈" : "").arg(firstTokenSeconds.toFixed(2)))
        if (reasoningSeconds > 0)
            parts.push(qsTr("thought %1 s").arg(reasoningSeconds))
        return parts.join(" · ")
    }

    text: describe()
    visible: text.length > 0
    color: Theme.mutedText
    font.pixelSize: Theme.smallFont
    Accessible.name: qsTr("Statistics: %1").arg(text)
}
