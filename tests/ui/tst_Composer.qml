// Composer keys and states: Enter sends, Shift+Enter breaks the line, empty text
// never sends, nothing works without a model, Esc stops an answer, documents show
// as removable chips (refused ones are named), the context ring turns amber; while
// another conversation is answered typing works, Send waits and says why.
import QtQuick
import QtTest
import Siliang

Item {
    id: root
    width: 800
    height: 320

    Component {
        id: composerComponent
        Composer { width: 720 }
    }

    TestCase {
        id: test
        name: "Composer"
        when: windowShown
        property var composer

        function init() {
            chat.reset()
            composer = createTemporaryObject(composerComponent, root)
            verify(composer)
            field().forceActiveFocus()
            tryVerify(() => field().activeFocus)
        }
        function field() { return findChild(composer, "composerInput") }
        function sendButton() { return findChild(composer, "sendButton") }
        function typeText(text) {
            for (const c of text) keyClick(c)
        }
        function chips() {
            const flow = findChild(composer, "attachmentChips")
            const out = []
            for (let i = 0; i < flow.children.length; ++i)
                if (flow.children[i].objectName === "attachmentChip")
                    out.push(flow.children[i])
            return out
        }

        function test_enterSends() {
            typeText("hello")
            compare(field().text, "hello")
            verify(sendButton().enabled)
            keyClick(Qt.Key_Return)
            compare(chat.sent, ["hello"])
            compare(field().text, "", "the box empties once the message is sent")
        }

        function test_shiftEnterBreaksTheLine() {
            typeText("a")
            keyClick(Qt.Key_Return, Qt.ShiftModifier)
            typeText("b")
            compare(field().text, "a\nb")
            compare(chat.sent.length, 0)
            keyClick(Qt.Key_Enter)  // the keypad's Enter sends too
            compare(chat.sent, ["a\nb"])
        }

        function test_emptyTextDoesNotSend() {
            keyClick(Qt.Key_Return)
            typeText("   ")
            verify(!sendButton().enabled)
            keyClick(Qt.Key_Return)
            mouseClick(sendButton())
            compare(chat.sent.length, 0)
        }

        function test_disabledWithoutAModel() {
            chat.modelLoaded = false
            verify(!field().enabled)
            compare(field().placeholderText, "Load a model to start chatting")
            verify(!sendButton().enabled)
            typeText("hi")
            keyClick(Qt.Key_Return)
            compare(field().text, "")
            compare(chat.sent.length, 0)
            chat.modelLoaded = true
            verify(field().enabled)
            compare(field().placeholderText, "Message Tiny Llama")
        }

        function test_escStopsTheAnswerAndEnterWaits() {
            typeText("next question")
            chat.generating = true
            chat.answering = true
            compare(sendButton().Accessible.name, "Stop")
            verify(sendButton().enabled)
            keyClick(Qt.Key_Return)
            compare(chat.sent.length, 0, "no second message while one is answered")
            compare(field().text, "next question")
            keyClick(Qt.Key_Escape)
            compare(chat.stopCount, 1)
            mouseClick(sendButton())
            compare(chat.stopCount, 2)
            chat.generating = false
            chat.answering = false
            compare(sendButton().Accessible.name, "Send")
        }

        function test_anotherConversationsAnswerLetsYouTypeButNotSend() {
            chat.generating = true
            chat.sendBlockedReason = "Wait for the answer in “Capitals” or stop it there."
            verify(field().enabled)
            typeText("meanwhile")
            compare(field().text, "meanwhile")
            // Send, not Stop: the answer being written is not this conversation's.
            compare(sendButton().Accessible.name, "Send")
            verify(!sendButton().enabled)
            const notice = findChild(composer, "sendBlockedNotice")
            verify(notice.visible)
            compare(notice.text, "Wait for the answer in “Capitals” or stop it there.")
            keyClick(Qt.Key_Return)
            keyClick(Qt.Key_Escape)
            compare(chat.sent.length, 0)
            compare(chat.stopCount, 0, "Esc does not stop another conversation's answer")
            compare(field().text, "meanwhile")
            chat.generating = false
            chat.sendBlockedReason = ""
            verify(!notice.visible)
            keyClick(Qt.Key_Return)
            compare(chat.sent, ["meanwhile"])
        }

        function test_attachmentsShowAsChips() {
            compare(chat.acceptDrop([testFiles.notes, testFiles.paper]), 2)
            tryVerify(() => chips().length === 2)
            const first = chips()[0]
            compare(findChild(first, "attachmentName").text, "meeting-notes.md")
            compare(first.sizeText, "19 B")
            compare(chips()[1].kind, "pdf")
            compare(chips()[1].sizeText, "2.9 KiB")
            const remove = findChild(first, "removeAttachment")
            verify(remove.visible && remove.width > 0, "the remove button is shown")
            waitForItemPolished(findChild(composer, "attachmentChips"))
            mouseClick(remove)
            compare(chat.attachments.count, 1)
            tryVerify(() => chips().length === 1)
            compare(chips()[0].fileName, "paper.pdf")

            // Refused files are named under the chips.
            compare(chat.acceptDrop([testFiles.tool]), 0)
            const error = findChild(composer, "attachmentError")
            verify(error.visible)
            verify(error.text.startsWith("tool.exe: not a document"))

            // Sending takes the attachments with the message.
            typeText("summarise this")
            keyClick(Qt.Key_Return)
            compare(chat.sent, ["summarise this"])
            tryVerify(() => chips().length === 0)
            verify(!findChild(composer, "attachmentChips").visible)
        }

        function test_contextIndicatorTurnsAmberNearTheLimit() {
            const indicator = findChild(composer, "contextIndicator")
            verify(!indicator.visible, "hidden until a model gives a context size")
            chat.contextSize = 4096
            chat.contextUsed = 1200
            verify(indicator.visible)
            compare(findChild(indicator, "contextLabel").text, "1.2K / 4K")
            compare(indicator.level, "ok")
            chat.contextUsed = 3400
            compare(indicator.level, "near")
            verify(!Qt.colorEqual(indicator.levelColor, Theme.mutedText))
            chat.contextUsed = 4000
            compare(indicator.level, "full")
            verify(Qt.colorEqual(indicator.levelColor, Theme.danger))
            chat.contextEstimated = true
            chat.contextUsed = 300
            compare(findChild(indicator, "contextLabel").text, "~300 / 4K")
        }
    }
}
