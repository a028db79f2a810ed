// Colours, sizes and fonts. Light or dark follows the system palette.
pragma Singleton
import QtQuick

QtObject {
    readonly property SystemPalette palette: SystemPalette { colorGroup: SystemPalette.Active }
    readonly property bool dark: palette.window.hslLightness < 0.5

    readonly property color window: dark ? "#1e1f22" : "#ffffff"
    readonly property color sidebar: dark ? "#17181a" : "#f4f4f6"
    readonly property color surface: dark ? "#2a2b2f" : "#f1f1f4"
    readonly property color userBubble: dark ? "#34363c" : "#ececf1"
    readonly property color border: dark ? "#3a3b40" : "#e2e2e7"
    readonly property color text: dark ? "#ececef" : "#1f1f24"
    readonly property color mutedText: dark ? "#9a9ba3" : "#6b6c75"
    readonly property color accent: dark ? "#7aa2ff" : "#3b63e0"
    readonly property color accentText: "#ffffff"
    readonly property color hover: dark ? "#26272b" : "#e8e8ee"
    readonly property color selected: dark ? "#303137" : "#e1e1e8"
    readonly property color danger: dark ? "#ff7b72" : "#c93c37"
    readonly property color bannerBg: dark ? "#3b3320" : "#fff4d6"

    readonly property int radius: 12
    readonly property int spacing: 12
    readonly property int contentWidth: 760
    readonly property int sidebarWidth: 260
    readonly property int fontSize: 14
    readonly property int smallFont: 12
}
