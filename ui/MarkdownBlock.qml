// A run of Markdown (headings, lists, tables, links, inline code, quotes), with its
// inline math already made readable by MessageBlocksModel. Qt renders GitHub
// Markdown (md4c) itself; links open in the system browser.
import QtQuick

TextEdit {
    id: markdown
    objectName: "markdownBlock"
    property string markdownText
    // MessageBlocks hands over HTML (Qt's Markdown reader plus spacing and theme
    // colours); plain MessageBlocksModel text is Markdown.
    property bool asHtml: false

    text: markdownText
    textFormat: asHtml ? TextEdit.RichText : TextEdit.MarkdownText
    readOnly: true
    selectByMouse: true
    wrapMode: TextEdit.Wrap
    color: Theme.text
    selectionColor: Theme.accent
    selectedTextColor: Theme.accentText
    font.pixelSize: Theme.fontSize
    onLinkActivated: link => Qt.openUrlExternally(link)
    Accessible.role: Accessible.StaticText
    Accessible.name: getText(0, length)

    HoverHandler {
        cursorShape: markdown.hoveredLink.length > 0 ? Qt.PointingHandCursor : Qt.IBeamCursor
    }
}
