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

    // Created only where Qt's file dialog can work (see main.cpp).
    Loader {
        id: modelDialog
        active: fileDialogAvailable
        sourceComponent: FileDialog {
            title: qsTr("Choose a GGUF model")
            nameFilters: [qsTr("GGUF models (*.gguf)"), qsTr("All files (*)")]
            currentFolder: modelsFolder
            onAccepted: chat.loadModel(selectedFile.toString())
        }
        function open() { if (item) item.open() }
    }

    Shortcut {
        sequence: "Ctrl+N"
        onActivated: chat.newConversation()
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        Sidebar {
            Layout.fillHeight: true
            Layout.preferredWidth: Theme.sidebarWidth
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0

            // Top bar: the model in use, load progress, a button to open another.
            Rectangle {
                Layout.fillWidth: true
                Layout.preferredHeight: 52
                color: Theme.window
                Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.border }

                RowLayout {
                    anchors.fill: parent
                    anchors.leftMargin: 20
                    anchors.rightMargin: 16
                    spacing: 10

                    Label {
                        objectName: "modelName"
                        text: chat.modelName.length > 0 ? chat.modelName : qsTr("No model loaded")
                        color: chat.modelName.length > 0 ? Theme.text : Theme.mutedText
                        font.pixelSize: 15
                        font.weight: Font.DemiBold
                        elide: Text.ElideMiddle
                        Layout.maximumWidth: 360
                    }
                    ProgressBar {
                        visible: chat.loading
                        value: chat.loadProgress
                        Layout.preferredWidth: 160
                        Accessible.name: qsTr("Model loading progress")
                    }
                    Label {
                        visible: chat.loading
                        text: Math.round(chat.loadProgress * 100) + " %"
                        color: Theme.mutedText
                    }
                    Button {
                        visible: chat.loading
                        text: qsTr("Cancel")
                        flat: true
                        Accessible.name: qsTr("Cancel loading the model")
                        onClicked: chat.cancelLoad()
                    }
                    Item { Layout.fillWidth: true }
                    Button {
                        visible: fileDialogAvailable
                        text: chat.modelLoaded ? qsTr("Change model…") : qsTr("Open model…")
                        flat: true
                        enabled: !chat.loading
                        Accessible.name: qsTr("Choose a model file")
                        onClicked: modelDialog.open()
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
                currentIndex: (chat.modelLoaded || chat.messages.count > 0) ? 1 : 0

                WelcomePage {
                    objectName: "welcomePage"
                    onChooseFile: modelDialog.open()
                }
                ChatView {
                    objectName: "chatView"
                }
            }
        }
    }
}
