// A sent question shows the documents that went with it: one read-only chip per
// attachment (name, size, kind badge, no remove button) above the text; a question
// without attachments and an answer show none.
import QtQuick
import QtTest
import Siliang

Item {
    id: root
    width: 700
    height: 400

    Component {
        id: bubbleComponent
        MessageBubble {
            width: 640
            index: 0
            role: "user"
            content: "What does the report say?"
            reasoning: ""
            reasoningSeconds: 0
            thinking: false
            status: "complete"
            stats: ({})
            errorMessage: ""
            siblingIndex: 0
            siblingCount: 1
            attachments: []
        }
    }

    TestCase {
        name: "MessageBubble"
        when: windowShown

        function chips(bubble) {
            const flow = findChild(bubble, "sentAttachments")
            const out = []
            for (let i = 0; i < flow.children.length; ++i)
                if (flow.children[i].objectName === "sentAttachmentChip")
                    out.push(flow.children[i])
            return out
        }

        function test_sentAttachmentsAreShownAsReadOnlyChips() {
            const bubble = createTemporaryObject(bubbleComponent, root, {
                attachments: [
                    { fileName: "report.pdf", size: 2048, sizeText: "2 KiB", kind: "pdf" },
                    { fileName: "notes.md", size: 12, sizeText: "12 B", kind: "md" }
                ]
            })
            verify(bubble)
            verify(findChild(bubble, "sentAttachments").visible)
            const shown = chips(bubble)
            compare(shown.length, 2)
            compare(findChild(shown[0], "attachmentName").text, "report.pdf")
            compare(shown[0].sizeText, "2 KiB")
            compare(shown[0].kind, "pdf")
            compare(shown[0].Accessible.name, "Attachment report.pdf, 2 KiB")
            compare(findChild(shown[1], "attachmentName").text, "notes.md")
            verify(!findChild(shown[0], "removeAttachment").visible)
            verify(shown[0].visible && shown[0].width > 0)
        }

        function test_noAttachmentsNoChips() {
            const bubble = createTemporaryObject(bubbleComponent, root)
            verify(bubble)
            verify(!findChild(bubble, "sentAttachments").visible)
            compare(chips(bubble).length, 0)
        }

        function test_answersShowNoChips() {
            const bubble = createTemporaryObject(bubbleComponent, root, {
                role: "assistant",
                attachments: [{ fileName: "x.txt", size: 1, sizeText: "1 B", kind: "txt" }]
            })
            verify(bubble)
            verify(!findChild(bubble, "sentAttachments").visible)
            compare(chips(bubble).length, 0)
        }
    }
}
