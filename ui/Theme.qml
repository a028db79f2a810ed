// Colours, sizes and fonts. Main.qml binds `mode` and `baseFontSize` to the
// settings (chat.preferences); every colour and font size in the UI comes from here.
pragma Singleton
import QtQuick

QtObject {
    // "system", "light" or "dark".
    property string mode: "system"
    // The body text size in pixels; every other size scales with it.
    property int baseFontSize: 14

    readonly property SystemPalette palette: SystemPalette { colorGroup: SystemPalette.Active }
    // Qt 6.5+ reports the desktop's colour scheme; Qt 6.4 has no styleHints.colorScheme,
    // so there the system palette's window lightness decides.
    readonly property bool systemDark: Qt.styleHints.colorScheme !== undefined
                                       ? Qt.styleHints.colorScheme === 2 /* Qt.Dark */
                                       : palette.window.hslLightness < 0.5
    readonly property bool dark: mode === "dark" || (mode === "system" && systemDark)

    readonly property color window: dark ? "#1e1f22" : "#ffffff"
    readonly property color sidebar: dark ? "#17181a" : "#f4f4f6"
    readonly property color surface: dark ? "#2a2b2f" : "#f1f1f4"
    readonly property color field: dark ? "#25262a" : "#ffffff"
    readonly property color userBubble: dark ? "#34363c" : "#ececf1"
    readonly property color border: dark ? "#3a3b40" : "#e2e2e7"
    readonly property color text: dark ? "#ececef" : "#1f1f24"
    readonly property color mutedText: dark ? "#9a9ba3" : "#6b6c75"
    readonly property color accent: dark ? "#7aa2ff" : "#3b63e0"
    readonly property color accentText: dark ? "#10131a" : "#ffffff"
    readonly property color hover: dark ? "#26272b" : "#e8e8ee"
    readonly property color selected: dark ? "#303137" : "#e1e1e8"
    readonly property color danger: dark ? "#ff7b72" : "#c93c37"
    readonly property color bannerBg: dark ? "#3b3320" : "#fff4d6"
    readonly property color codeBg: dark ? "#17181b" : "#f6f6f8"

    readonly property int radius: 12
    readonly property int spacing: 12
    readonly property int contentWidth: 760
    readonly property int sidebarWidth: 260
    readonly property int fontSize: baseFontSize
    readonly property int smallFont: Math.max(9, baseFontSize - 2)

    // A size designed at the default 14 px body text, scaled to the chosen one.
    function font(designPixels) {
        return Math.round(designPixels * baseFontSize / 14)
    }

    // The palette that Qt Quick Controls (Basic style) draw with, so that stock
    // controls (combo boxes, spin boxes, menus, scroll bars) follow the theme too.
    function applyPalette(target) {
        target.window = window
        target.windowText = text
        target.base = field
        target.alternateBase = surface
        target.text = text
        target.button = dark ? "#3a3c42" : "#e4e4ea"
        target.buttonText = text
        target.brightText = text
        target.highlight = accent
        target.highlightedText = accentText
        target.placeholderText = mutedText
        target.toolTipBase = surface
        target.toolTipText = text
        target.light = dark ? "#3a3b40" : "#ffffff"
        target.midlight = dark ? "#33343a" : "#ececf1"
        target.mid = dark ? "#4a4b52" : "#c8c8d0"
        target.dark = accent  // Basic style: the filled part of sliders and switches
        target.shadow = dark ? "#000000" : "#6b6c75"
        target.link = accent
        target.linkVisited = accent
    }
}
