// The settings page (Ctrl+, or the gear in the top bar; Esc or Close goes back):
// General (theme, font size, language), Model & device, the generation defaults,
// and this conversation's own generation settings. Everything is stored by
// chat.preferences (SettingsController), which checks each value; its message
// says when a value was refused or brought into range.
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts

Rectangle {
    id: page
    color: Theme.window
    signal closeRequested()
    readonly property var prefs: chat.preferences

    // Keyboard navigation: keep the focused control in view.
    function ensureVisible(item) {
        if (!item || !visible) return
        let inside = item
        while (inside && inside !== flick.contentItem) inside = inside.parent
        if (!inside) return
        let p = item.mapToItem(flick.contentItem, 0, 0)
        if (p.y < flick.contentY)
            flick.contentY = Math.max(0, p.y - 24)
        else if (p.y + item.height > flick.contentY + flick.height)
            flick.contentY = Math.min(flick.contentHeight - flick.height, p.y + item.height - flick.height + 24)
    }
    // The layouts place their children at the next polish, which comes with the next
    // frame: a control focused before then (Tab pressed as the page opens) is
    // measured again once that frame has laid it out.
    property Item revealAfterLayout: null
    Connections {
        target: page.Window.window
        enabled: page.visible
        function onActiveFocusItemChanged() {
            page.ensureVisible(page.Window.activeFocusItem)
            page.revealAfterLayout = page.Window.activeFocusItem
        }
        function onAfterAnimating() {
            if (!page.revealAfterLayout) return
            page.ensureVisible(page.revealAfterLayout)
            page.revealAfterLayout = null
        }
    }
    onVisibleChanged: if (visible) closeButton.forceActiveFocus(Qt.OtherFocusReason)

    Flickable {
        id: flick
        anchors.fill: parent
        contentHeight: column.implicitHeight + 48
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {}

        ColumnLayout {
            id: column
            width: Math.min(flick.width - 48, Theme.contentWidth)
            x: (flick.width - width) / 2
            y: 24
            spacing: 24

            RowLayout {
                Layout.fillWidth: true
                Label {
                    Layout.fillWidth: true
                    text: qsTr("Settings")
                    color: Theme.text
                    font.pixelSize: Theme.font(24)
                    font.weight: Font.DemiBold
                    Accessible.role: Accessible.Heading
                    Accessible.name: text
                }
                Button {
                    id: closeButton
                    objectName: "closeSettings"
                    text: qsTr("Close")
                    Accessible.name: qsTr("Close the settings")
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("Back to the chat (Esc)")
                    onClicked: page.closeRequested()
                }
            }

            // Why the last change was refused or adjusted.
            Rectangle {
                objectName: "settingsMessage"
                Layout.fillWidth: true
                visible: page.prefs.message.length > 0
                implicitHeight: messageRow.implicitHeight + 16
                radius: 8
                color: Theme.bannerBg
                RowLayout {
                    id: messageRow
                    anchors.fill: parent
                    anchors.leftMargin: 12
                    anchors.rightMargin: 8
                    Label {
                        Layout.fillWidth: true
                        text: page.prefs.message
                        wrapMode: Text.Wrap
                        color: Theme.text
                    }
                    Button {
                        text: qsTr("Dismiss")
                        flat: true
                        Accessible.name: qsTr("Dismiss the settings message")
                        onClicked: page.prefs.clearMessage()
                    }
                }
            }

            SettingsSection {
                Layout.fillWidth: true
                title: qsTr("General")

                SettingRow {
                    label: qsTr("Theme")
                    ComboBox {
                        objectName: "themeChoice"
                        Layout.preferredWidth: 220
                        textRole: "text"
                        valueRole: "value"
                        model: [
                            { value: "system", text: qsTr("Follow system") },
                            { value: "light", text: qsTr("Light") },
                            { value: "dark", text: qsTr("Dark") }
                        ]
                        currentIndex: count > 0 ? Math.max(0, indexOfValue(page.prefs.theme)) : -1
                        Accessible.name: qsTr("Theme")
                        onActivated: page.prefs.theme = currentValue
                    }
                }
                SettingRow {
                    label: qsTr("Font size")
                    hint: qsTr("Text size in pixels; the default is 14.")
                    SpinBox {
                        Layout.preferredWidth: 160
                        from: 10; to: 24
                        editable: true
                        value: page.prefs.fontSize
                        Accessible.name: qsTr("Font size")
                        onValueModified: page.prefs.fontSize = value
                    }
                }
                SettingRow {
                    label: qsTr("Language")
                    ComboBox {
                        objectName: "languageChoice"
                        Layout.preferredWidth: 220
                        textRole: "text"
                        valueRole: "value"
                        // Languages are listed in their own names.
                        model: [
                            { value: "system", text: qsTr("Follow system") },
                            { value: "en", text: "English" },
                            { value: "zh_CN", text: "简体中文" }
                        ]
                        currentIndex: count > 0 ? Math.max(0, indexOfValue(page.prefs.language)) : -1
                        Accessible.name: qsTr("Language")
                        onActivated: page.prefs.language = currentValue
                    }
                }
            }

            SettingsSection {
                Layout.fillWidth: true
                title: qsTr("Model & device")
                note: qsTr("The device and the number of threads apply when a model is loaded.")

                SettingRow {
                    label: qsTr("Device")
                    ComboBox {
                        Layout.preferredWidth: 220
                        model: page.prefs.devices
                        displayText: page.deviceName(currentText)
                        currentIndex: count > 0 ? Math.max(0, page.prefs.devices.indexOf(page.prefs.device)) : -1
                        Accessible.name: qsTr("Device")
                        onActivated: page.prefs.device = currentText
                        delegate: ItemDelegate {
                            required property string modelData
                            required property int index
                            width: ListView.view.width
                            text: page.deviceName(modelData)
                            highlighted: ListView.view.currentIndex === index
                            Accessible.name: text
                        }
                    }
                }
                SettingRow {
                    label: qsTr("Threads")
                    hint: qsTr("CPU threads used for computing; this computer has %1.").arg(page.prefs.maxThreads)
                    SpinBox {
                        id: threadsBox
                        Layout.preferredWidth: 160
                        from: 0; to: page.prefs.maxThreads
                        editable: true
                        value: page.prefs.threads
                        textFromValue: (v, locale) => v === 0 ? qsTr("All") : Number(v).toLocaleString(locale, "f", 0)
                        valueFromText: (text, locale) => text === qsTr("All") ? 0 : Number.fromLocaleString(locale, text)
                        Accessible.name: qsTr("Threads")
                        onValueModified: page.prefs.threads = value
                    }
                }
                SettingRow {
                    visible: page.prefs.reloadNeeded && chat.modelLoaded
                    label: qsTr("The loaded model still uses the previous device or threads.")
                    Button {
                        text: qsTr("Reload model")
                        Accessible.name: qsTr("Reload the model with the new device and threads")
                        onClicked: chat.loadModel(chat.modelPath)
                    }
                }
                // Where models are found and imported to; the choice is kept across
                // restarts (chat.preferences.modelsFolder) and the list is rescanned.
                SettingRow {
                    label: qsTr("Models folder")
                    hint: chat.models.modelsFolder
                    Button {
                        objectName: "changeModelsFolder"
                        visible: modelsFolderDialog.active
                        text: qsTr("Change…")
                        Accessible.name: qsTr("Choose another models folder")
                        onClicked: modelsFolderDialog.open()
                    }
                    Button {
                        text: qsTr("Open folder")
                        Accessible.name: qsTr("Open the models folder")
                        onClicked: Qt.openUrlExternally(chat.models.modelsFolderUrl)
                    }
                }
                // Without a working folder dialog the path is typed instead.
                SettingRow {
                    visible: !modelsFolderDialog.active
                    label: qsTr("Use another models folder")
                    hint: qsTr("Type the full path of an existing folder and press Enter.")
                    TextField {
                        id: modelsFolderField
                        objectName: "modelsFolderField"
                        Layout.preferredWidth: 260
                        placeholderText: qsTr("Folder path")
                        Accessible.name: qsTr("New models folder path")
                        onAccepted: if (page.prefs.setModelsFolder(text)) clear()
                    }
                    Button {
                        objectName: "useModelsFolder"
                        text: qsTr("Use")
                        enabled: modelsFolderField.text.trim().length > 0
                        Accessible.name: qsTr("Use the typed folder for models")
                        onClicked: modelsFolderField.accepted()
                    }
                }
            }

            SettingsSection {
                Layout.fillWidth: true
                title: qsTr("Generation defaults")
                note: qsTr("Used by every conversation that does not set its own.")
                GenerationForm {
                    objectName: "defaultsForm"
                    values: page.prefs.defaults
                    contextLimit: page.prefs.contextLimit
                    scope: qsTr("Default")
                    onEdited: (key, value) => page.prefs.setDefault(key, value)
                }
            }

            SettingsSection {
                Layout.fillWidth: true
                title: qsTr("This conversation")
                note: chat.conversationId !== 0
                      ? qsTr("Changes here apply to “%1” only; marked rows differ from the defaults.").arg(chat.conversationTitle)
                      : qsTr("Changes here apply to the new chat once you send its first message.")
                GenerationForm {
                    objectName: "conversationForm"
                    values: page.prefs.effective
                    overrides: page.prefs.overrides
                    perConversation: true
                    contextLimit: page.prefs.contextLimit
                    scope: qsTr("This conversation")
                    onEdited: (key, value) => page.prefs.setOverride(key, value)
                    onReset: key => page.prefs.resetOverride(key)
                }
                Button {
                    objectName: "resetOverrides"
                    Layout.alignment: Qt.AlignRight
                    Layout.bottomMargin: 8
                    enabled: Object.keys(page.prefs.overrides).length > 0
                    text: qsTr("Reset to defaults")
                    Accessible.name: qsTr("Reset this conversation to the default settings")
                    onClicked: page.prefs.resetOverrides()
                }
            }
        }
    }

    function deviceName(name) {
        if (name === "auto") return qsTr("Automatic")
        if (name === "cpu") return qsTr("CPU")
        return name.toUpperCase()
    }

    // The folder dialog, created only where Qt's file dialogs can work (see main.cpp).
    // Declared after the Flickable, which tests find as the page's first child.
    Loader {
        id: modelsFolderDialog
        active: typeof fileDialogAvailable !== "undefined" && fileDialogAvailable
        sourceComponent: FolderDialog {
            title: qsTr("Choose the models folder")
            currentFolder: chat.models.modelsFolderUrl
            onAccepted: page.prefs.setModelsFolder(selectedFolder.toString())
        }
        function open() { if (item) item.open() }
    }
}
