// The "‹ 2/3 ›" switcher: hidden with one version, the position shown, each arrow
// asks the controller for the neighbouring version of its row, the ends and a
// running answer disable the arrows, and the names say answer or message.
import QtQuick
import QtTest
import Siliang

Item {
    id: root
    width: 300
    height: 100

    Component {
        id: switcherComponent
        BranchSwitcher {}
    }

    TestCase {
        name: "BranchSwitcher"
        when: windowShown
        property var switcher

        function init() {
            chat.reset()
            switcher = createTemporaryObject(switcherComponent, root,
                                             { row: 3, siblingIndex: 1, siblingCount: 3 })
            verify(switcher)
        }
        function previous() { return findChild(switcher, "previousVersion") }
        function next() { return findChild(switcher, "nextVersion") }

        function test_hiddenWithOneVersion() {
            verify(switcher.visible)
            switcher.siblingCount = 1
            switcher.siblingIndex = 0
            verify(!switcher.visible)
        }

        function test_showsThePosition() {
            compare(findChild(switcher, "siblingPosition").text, "2 / 3")
            switcher.siblingIndex = 2
            compare(findChild(switcher, "siblingPosition").text, "3 / 3")
        }

        function test_arrowsAskForTheNeighbours() {
            mouseClick(previous())
            mouseClick(next())
            compare(chat.siblingRequests, ["3:-1", "3:1"])
        }

        function test_endsDisableTheirArrow() {
            switcher.siblingIndex = 0
            verify(!previous().enabled)
            verify(next().enabled)
            mouseClick(previous())
            compare(chat.siblingRequests, [])
            switcher.siblingIndex = 2
            verify(previous().enabled)
            verify(!next().enabled)
            mouseClick(next())
            compare(chat.siblingRequests, [])
        }

        function test_disabledWhileAnAnswerIsWritten() {
            chat.generating = true
            chat.answering = true
            verify(!previous().enabled)
            verify(!next().enabled)
            mouseClick(previous())
            compare(chat.siblingRequests, [])
        }

        function test_anotherConversationsAnswerDoesNotDisableIt() {
            chat.generating = true
            chat.answering = false
            verify(previous().enabled)
            mouseClick(previous())
            compare(chat.siblingRequests, ["3:-1"])
        }

        function test_accessibleNamesSayWhatSwitches() {
            compare(previous().Accessible.name, "Previous answer")
            compare(next().Accessible.name, "Next answer")
            switcher.answer = false
            compare(previous().Accessible.name, "Previous version of the message")
            compare(next().Accessible.name, "Next version of the message")
        }
    }
}
