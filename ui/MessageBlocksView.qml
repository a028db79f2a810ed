// A message's text as rendered blocks: Markdown, highlighted code, display math.
// MessageBlocks (C++) splits and renders; this only lays the blocks out. Used for
// answers and, muted, for the reasoning trace (models reason in LaTeX too).
import QtQuick
import Siliang

Column {
    id: view
    property string text
    property bool muted: false

    spacing: 12

    Repeater {
        id: repeater
        model: MessageBlocks {
            id: blocks
            text: view.text
            dark: Theme.dark
            linkColor: Theme.accent
            mutedColor: Theme.mutedText
            borderColor: Theme.border
        }
        delegate: Item {
            id: block
            required property string kind
            required property string rendered
            required property string source
            required property string language
            required property bool complete
            required property bool boxed
            width: view.width
            height: loader.item ? loader.item.implicitHeight : 0

            Loader {
                id: loader
                width: parent.width
                sourceComponent: block.kind === "code" ? codeComponent
                               : block.kind === "math" ? mathComponent : markdownComponent
            }
            Component {
                id: markdownComponent
                MarkdownBlock {
                    markdownText: block.rendered
                    asHtml: blocks.markdownAsHtml
                    color: view.muted ? Theme.mutedText : Theme.text
                    font.italic: view.muted
                    font.pixelSize: view.muted ? Theme.fontSize - 1 : Theme.fontSize
                }
            }
            Component {
                id: codeComponent
                CodeBlock {
                    html: block.rendered
                    code: block.source
                    language: block.language
                    complete: block.complete
                }
            }
            Component {
                id: mathComponent
                MathBlock {
                    html: block.rendered
                    boxed: block.boxed
                    complete: block.complete
                    opacity: view.muted ? 0.75 : 1
                }
            }
        }
    }
}
