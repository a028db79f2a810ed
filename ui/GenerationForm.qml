// The generation settings as rows of a SettingsSection: used twice by the settings
// page, for the defaults and for the open conversation. `values` holds every key
// (GenerationSettings::toMap); `overrides` the keys this conversation sets itself
// (empty for the defaults). Changes go out through edited(key, value) and the
// C++ side checks them (SettingsController); nothing is validated here.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    id: form
    property var values: ({})
    property var overrides: ({})
    property bool perConversation: false
    property int contextLimit: 131072
    // Prefixed to accessible names so the two forms read apart ("This conversation: Temperature").
    property string scope
    signal edited(string key, var value)
    signal reset(string key)

    Layout.fillWidth: true
    spacing: 0

    function named(label) { return scope.length > 0 ? scope + ": " + label : label }
    function isSet(key) { return form.overrides !== undefined && form.overrides[key] !== undefined }

    SettingRow {
        label: qsTr("Temperature")
        hint: qsTr("Higher is more varied, 0 always picks the likeliest word.")
        overridden: form.isSet("temperature")
        showReset: form.perConversation
        onReset: form.reset("temperature")
        SliderSetting {
            from: 0; to: 2; stepSize: 0.05
            value: form.values.temperature
            accessibleName: form.named(qsTr("Temperature"))
            onEdited: v => form.edited("temperature", v)
        }
    }
    SettingRow {
        label: qsTr("Top-k")
        hint: qsTr("Sample from the k likeliest tokens; 0 turns it off.")
        overridden: form.isSet("topK")
        showReset: form.perConversation
        onReset: form.reset("topK")
        SpinBox {
            Layout.preferredWidth: 160
            from: 0; to: 1000
            editable: true
            value: form.values.topK
            Accessible.name: form.named(qsTr("Top-k"))
            onValueModified: form.edited("topK", value)
        }
    }
    SettingRow {
        label: qsTr("Top-p")
        hint: qsTr("Keep the likeliest tokens that add up to this probability; 1 turns it off.")
        overridden: form.isSet("topP")
        showReset: form.perConversation
        onReset: form.reset("topP")
        SliderSetting {
            from: 0; to: 1; stepSize: 0.01
            value: form.values.topP
            accessibleName: form.named(qsTr("Top-p"))
            onEdited: v => form.edited("topP", v)
        }
    }
    SettingRow {
        label: qsTr("Min-p")
        hint: qsTr("Drop tokens less likely than this share of the likeliest one; 0 turns it off.")
        overridden: form.isSet("minP")
        showReset: form.perConversation
        onReset: form.reset("minP")
        SliderSetting {
            from: 0; to: 1; stepSize: 0.01
            value: form.values.minP
            accessibleName: form.named(qsTr("Min-p"))
            onEdited: v => form.edited("minP", v)
        }
    }
    SettingRow {
        label: qsTr("Repeat penalty")
        hint: qsTr("Above 1 discourages repeating recent tokens.")
        overridden: form.isSet("repeatPenalty")
        showReset: form.perConversation
        onReset: form.reset("repeatPenalty")
        SliderSetting {
            from: 1; to: 2; stepSize: 0.01
            value: form.values.repeatPenalty
            accessibleName: form.named(qsTr("Repeat penalty"))
            onEdited: v => form.edited("repeatPenalty", v)
        }
    }
    SettingRow {
        label: qsTr("Max tokens")
        hint: qsTr("Longest answer, in tokens.")
        overridden: form.isSet("maxTokens")
        showReset: form.perConversation
        onReset: form.reset("maxTokens")
        CheckBox {
            id: limitAnswer
            text: qsTr("Limit")
            checked: form.values.maxTokens > 0
            Accessible.name: form.named(qsTr("Limit the answer length"))
            onToggled: form.edited("maxTokens", checked ? maxTokensBox.value : -1)
        }
        SpinBox {
            id: maxTokensBox
            Layout.preferredWidth: 160
            enabled: limitAnswer.checked
            from: 1; to: 1048576; stepSize: 64
            editable: true
            value: form.values.maxTokens > 0 ? form.values.maxTokens : 1024
            Accessible.name: form.named(qsTr("Max tokens"))
            onValueModified: form.edited("maxTokens", value)
        }
    }
    SettingRow {
        label: qsTr("Context size")
        hint: qsTr("Tokens of conversation the model sees, up to %1 for this model.").arg(form.contextLimit)
        overridden: form.isSet("contextSize")
        showReset: form.perConversation
        onReset: form.reset("contextSize")
        SpinBox {
            Layout.preferredWidth: 160
            from: 256; to: form.contextLimit; stepSize: 256
            editable: true
            value: form.values.contextSize
            Accessible.name: form.named(qsTr("Context size"))
            onValueModified: form.edited("contextSize", value)
        }
    }
    SettingRow {
        label: qsTr("Show reasoning")
        hint: qsTr("Show a thinking model's reasoning above its answer.")
        overridden: form.isSet("showReasoning")
        showReset: form.perConversation
        onReset: form.reset("showReasoning")
        Switch {
            checked: form.values.showReasoning
            Accessible.name: form.named(qsTr("Show reasoning"))
            onToggled: form.edited("showReasoning", checked)
        }
    }
    SettingRow {
        label: qsTr("System prompt")
        hint: qsTr("Instructions sent before the conversation.")
        overridden: form.isSet("systemPrompt")
        showReset: form.perConversation
        onReset: form.reset("systemPrompt")
    }
    Rectangle {
        Layout.fillWidth: true
        Layout.bottomMargin: 8
        implicitHeight: Math.max(systemPrompt.implicitHeight, Theme.font(72)) + 12
        radius: 8
        color: Theme.field
        border.color: systemPrompt.activeFocus ? Theme.accent : Theme.border
        TextArea {
            id: systemPrompt
            anchors.fill: parent
            anchors.margins: 2
            text: form.values.systemPrompt
            wrapMode: TextEdit.Wrap
            color: Theme.text
            placeholderText: qsTr("For example: You are a concise assistant. Answer in English.")
            placeholderTextColor: Theme.mutedText
            font.pixelSize: Theme.fontSize
            background: null
            Accessible.name: form.named(qsTr("System prompt"))
            // Saved when the field loses focus, not at every keystroke.
            onEditingFinished: if (text !== form.values.systemPrompt) form.edited("systemPrompt", text)
            // Tab moves on rather than typing a tab character.
            Keys.onTabPressed: event => { nextItemInFocusChain(true).forceActiveFocus(Qt.TabFocusReason); event.accepted = true }
            Keys.onBacktabPressed: event => { nextItemInFocusChain(false).forceActiveFocus(Qt.BacktabFocusReason); event.accepted = true }
        }
    }
}
