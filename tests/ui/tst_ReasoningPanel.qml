// The reasoning panel's states: while the model thinks it shows the trace live
// with the elapsed seconds; when the answer starts it collapses to "Thought for
// N s"; a click expands and collapses it; a trace the model never closed (no
// answer came) stays open instead of hiding everything the model wrote.
import QtQuick
import QtTest
import Siliang

Item {
    id: root
    width: 600
    height: 400

    Component {
        id: panelComponent
        ReasoningPanel { width: 560 }
    }

    TestCase {
        name: "ReasoningPanel"
        when: windowShown
        property var panel

        function init() {
            panel = createTemporaryObject(panelComponent, root,
                                          { text: "91 = 7 × 13", thinking: true, seconds: 3 })
            verify(panel)
        }
        function header() { return findChild(panel, "reasoningHeader") }
        function trace() { return findChild(panel, "reasoningTrace") }
        function toggle() { return findChild(panel, "reasoningToggle") }

        function test_streamingShowsLiveTextAndSeconds() {
            compare(header().text, "Thinking… 3 s")
            verify(trace().visible)
            panel.seconds = 4
            compare(header().text, "Thinking… 4 s")
            panel.text += ", so 91 is not prime."
            verify(trace().visible)
            verify(trace().height > 0)
        }

        function test_collapsesWhenTheAnswerStarts() {
            panel.seconds = 5
            panel.thinking = false
            compare(header().text, "Thought for 5 s")
            verify(!trace().visible)
            verify(!panel.open)
        }

        function test_clickExpandsAndCollapses() {
            panel.thinking = false
            mouseClick(toggle())
            verify(trace().visible)
            compare(toggle().Accessible.name, "Hide the reasoning")
            mouseClick(toggle())
            verify(!trace().visible)
            compare(toggle().Accessible.name, "Show the reasoning")
        }

        function test_subSecondThoughtSaysAMoment() {
            panel.seconds = 0
            panel.thinking = false
            compare(header().text, "Thought for a moment")
        }

        function test_clickWhileThinkingKeepsItOpen() {
            mouseClick(toggle())
            verify(trace().visible)
            compare(header().text, "Thinking… 3 s")
        }

        function test_neverClosedTraceStaysOpen() {
            // The turn ended inside <think>: no answer text at all.
            panel.answered = false
            panel.thinking = false
            compare(header().text, "Thought for 3 s")
            verify(trace().visible, "the trace is all the model wrote: keep it in sight")
            // Once an answer exists the trace folds away as usual.
            panel.answered = true
            verify(!trace().visible)
        }
    }
}
