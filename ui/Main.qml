// The window: sidebar on the left; on the right the top bar (model and load
// progress), a banner for history problems, and the chat or the welcome page.
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts

ApplicationWindow {
    id: window
    width: 1180
    height: 760
    minimumWidth: 720
    minimumHeight: 480
    visible: true
    title: chat.conversationTitle.length > 0 ? chat.conversationTitle + " — Siliang" : "Siliang"
    color: Theme.window

    font.pixelSize: Theme.fontSize
    // The settings page (Ctrl+, or the gear in the top bar) shows instead of the chat.
    property bool settingsOpen: false

    // Theme and font size follow the settings; stock controls draw with Theme's palette.
    Binding { target: Theme; property: "mode"; value: chat.preferences.theme }
    Binding { target: Theme; property: "baseFontSize"; value: chat.preferences.fontSize }
    Connections {
        target: Theme
        function onDarkChanged() { Theme.applyPalette(window.palette) }
        Component.onCompleted: Theme.applyPalette(window.palette)
    }

    // Created only where Qt's file dialog can work (see main.cpp).
    Loader {
        id: modelDialog
        active: fileDialogAvailable
        sourceComponent: FileDialog {
            title: qsTr("Choose a GGUF model")
            nameFilters: [qsTr("GGUF models (*.gguf)"), qsTr("All files (*)")]
            currentFolder: chat.models.modelsFolderUrl
            // Validated, copied into the models folder (or registered in place), then loaded.
            onAccepted: chat.models.importModel(selectedFile.toString())
        }
        function open() { if (item) item.open() }
    }

    Shortcut {
        sequence: "Ctrl+N"
        onActivated: {
            window.settingsOpen = false
            chat.newConversation()
        }
    }
    Shortcut {
        sequence: "Ctrl+,"
        onActivated: window.settingsOpen = !window.settingsOpen
    }
    Shortcut {
        sequence: "Ctrl+F"
        onActivated: {
            window.settingsOpen = false
            sidebar.focusSearch()
        }
    }
    // Esc leaves the settings; while an answer streams the composer's Esc stops it instead.
    Shortcut {
        sequence: "Esc"
        enabled: window.settingsOpen && !chat.answering
        onActivated: window.settingsOpen = false
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        Sidebar {
            id: sidebar
            Layout.fillHeight: true
            Layout.preferredWidth: Theme.sidebarWidth
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0

            // Top bar: the model picker, load and import progress with cancel, and the
            // device the model runs on (the tooltip says why that one).
            Rectangle {
                objectName: "topBar"
                Layout.fillWidth: true
                Layout.preferredHeight: 52
                color: Theme.window
                Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.border }

                RowLayout {
                    anchors.fill: parent
                    anchors.leftMargin: 12
                    anchors.rightMargin: 16
                    spacing: 10

                    ModelPicker {
                        canImport: fileDialogAvailable
                        onImportRequested: modelDialog.open()
                    }
                    ProgressBar {
                        objectName: "loadProgress"
                        visible: chat.loading || chat.models.importing
                        value: chat.loading ? chat.loadProgress : chat.models.importProgress
                        Layout.preferredWidth: 160
                        Accessible.name: chat.loading ? qsTr("Model loading progress")
                                                      : qsTr("Model import progress")
                    }
                    Label {
                        visible: chat.loading || chat.models.importing
                        text: chat.loading ? Math.round(chat.loadProgress * 100) + " %"
                                           : qsTr("Importing %1… %2 %").arg(chat.models.importName)
                                                 .arg(Math.round(chat.models.importProgress * 100))
                        color: Theme.mutedText
                        elide: Text.ElideMiddle
                        Layout.maximumWidth: 280
                    }
                    Button {
                        visible: chat.loading || chat.models.importing
                        text: qsTr("Cancel")
                        flat: true
                        Accessible.name: chat.loading ? qsTr("Cancel loading the model")
                                                      : qsTr("Cancel the import")
                        onClicked: chat.loading ? chat.cancelLoad() : chat.models.cancelImport()
                    }
                    Item { Layout.fillWidth: true }
                    Label {
                        id: deviceLabel
                        objectName: "deviceLabel"
                        text: chat.deviceLabel
                        color: Theme.mutedText
                        font.pixelSize: Theme.smallFont
                        font.weight: Font.DemiBold
                        leftPadding: 8
                        rightPadding: 8
                        topPadding: 3
                        bottomPadding: 3
                        background: Rectangle { radius: 6; color: Theme.surface; border.color: Theme.border }
                        Accessible.name: qsTr("Device: %1").arg(chat.deviceLabel)
                        Accessible.description: chat.deviceReason
                        HoverHandler { id: deviceHover }
                        ToolTip.visible: deviceHover.hovered
                        ToolTip.text: chat.deviceReason
                    }
                    ToolButton {
                        id: settingsButton
                        objectName: "settingsButton"
                        text: "⚙"
                        checkable: true
                        checked: window.settingsOpen
                        font.pixelSize: Theme.font(18)
                        Accessible.name: qsTr("Settings")
                        ToolTip.visible: hovered
                        ToolTip.text: qsTr("Settings (Ctrl+,)")
                        onToggled: window.settingsOpen = checked
                        contentItem: Label {
                            text: settingsButton.text
                            font: settingsButton.font
                            color: settingsButton.checked ? Theme.accent : Theme.mutedText
                            horizontalAlignment: Text.AlignHCenter
                            verticalAlignment: Text.AlignVCenter
                        }
                        background: Rectangle {
                            implicitWidth: 34
                            implicitHeight: 34
                            radius: 8
                            color: settingsButton.checked ? Theme.selected
                                                          : (settingsButton.hovered ? Theme.hover : "transparent")
                        }
                    }
                }
            }

            // History problems (recovered, in use by another instance, read-only).
            Rectangle {
                objectName: "banner"
                Layout.fillWidth: true
                visible: chat.banner.length > 0 || chat.errorMessage.length > 0
                implicitHeight: bannerRow.implicitHeight + 16
                color: chat.errorMessage.length > 0 ? Qt.rgba(0.8, 0.2, 0.2, 0.12) : Theme.bannerBg
                RowLayout {
                    id: bannerRow
                    anchors.fill: parent
                    anchors.leftMargin: 20
                    anchors.rightMargin: 12
                    Label {
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        color: chat.errorMessage.length > 0 ? Theme.danger : Theme.text
                        text: chat.errorMessage.length > 0 ? chat.errorMessage : chat.banner
                    }
                    Button {
                        text: qsTr("Dismiss")
                        flat: true
                        Accessible.name: qsTr("Dismiss message")
                        onClicked: chat.errorMessage.length > 0 ? chat.dismissError() : chat.dismissBanner()
                    }
                }
            }

            StackLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                currentIndex: window.settingsOpen ? 2 : ((chat.modelLoaded || chat.messages.count > 0) ? 1 : 0)

                WelcomePage {
                    objectName: "welcomePage"
                    onChooseFile: modelDialog.open()
                }
                ChatView {
                    objectName: "chatView"
                }
                SettingsPage {
                    objectName: "settingsPage"
                    onCloseRequested: window.settingsOpen = false
                }
            }
        }
    }
}
