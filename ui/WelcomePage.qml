// First run, no model: a welcome that leads to importing a GGUF file (the file
// dialog or a drop anywhere on the page), and the models already on this computer
// with what their headers say, to load one with a click.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Item {
    id: page
    signal chooseFile()

    DropArea {
        id: drop
        objectName: "welcomeDropArea"
        anchors.fill: parent
        onEntered: drag => drag.accept(Qt.CopyAction)
        onDropped: drop => {
            if (drop.hasUrls) {
                chat.acceptDrop(drop.urls)
                drop.accept(Qt.CopyAction)
            }
        }
    }
    Rectangle {
        anchors.fill: parent
        anchors.margins: 16
        visible: drop.containsDrag
        radius: 16
        color: "transparent"
        border.color: Theme.accent
        border.width: 2
    }

    Flickable {
        anchors.fill: parent
        contentHeight: Math.max(column.implicitHeight + 64, height)
        clip: true
        ScrollBar.vertical: ScrollBar {}

        ColumnLayout {
            id: column
            width: Math.min(page.width - 64, 560)
            x: (page.width - width) / 2
            y: Math.max(32, (page.height - implicitHeight) / 2)
            spacing: 16

            Label {
                Layout.alignment: Qt.AlignHCenter
                text: "四两"
                font.pixelSize: Theme.font(44)
                color: Theme.accent
            }
            Label {
                Layout.alignment: Qt.AlignHCenter
                text: qsTr("Welcome to Siliang")
                font.pixelSize: Theme.font(26)
                font.weight: Font.DemiBold
                color: Theme.text
            }
            Label {
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                color: Theme.mutedText
                font.pixelSize: Theme.fontSize + 1
                text: qsTr("Chat with language models entirely on this computer: offline and private. "
                           + "To begin, choose a model file in GGUF format.")
            }

            ProgressBar {
                Layout.fillWidth: true
                visible: chat.loading || chat.models.importing
                value: chat.loading ? chat.loadProgress : chat.models.importProgress
                Accessible.name: chat.loading ? qsTr("Model loading progress")
                                              : qsTr("Model import progress")
            }
            Label {
                Layout.alignment: Qt.AlignHCenter
                visible: chat.loading || chat.models.importing
                text: chat.loading ? qsTr("Loading %1…").arg(chat.modelName)
                                   : qsTr("Importing %1…").arg(chat.models.importName)
                color: Theme.mutedText
            }

            Button {
                id: choose
                objectName: "chooseModelButton"
                Layout.alignment: Qt.AlignHCenter
                Layout.topMargin: 8
                visible: !chat.loading && !chat.models.importing && fileDialogAvailable
                text: qsTr("Choose a GGUF file…")
                Accessible.name: qsTr("Choose a GGUF model file")
                onClicked: page.chooseFile()
                contentItem: Label {
                    text: choose.text
                    color: Theme.accentText
                    font.pixelSize: Theme.fontSize + 1
                    font.weight: Font.DemiBold
                    horizontalAlignment: Text.AlignHCenter
                    verticalAlignment: Text.AlignVCenter
                }
                background: Rectangle {
                    implicitWidth: 220
                    implicitHeight: 44
                    radius: 22
                    color: choose.down ? Qt.darker(Theme.accent, 1.2) : Theme.accent
                }
            }
            Label {
                Layout.fillWidth: true
                visible: !chat.loading && !chat.models.importing
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                color: Theme.mutedText
                font.pixelSize: Theme.smallFont
                text: fileDialogAvailable ? qsTr("or drop a .gguf file on this window")
                                          : qsTr("Drop a .gguf file on this window to import it.")
            }
            CheckBox {
                Layout.alignment: Qt.AlignHCenter
                visible: !chat.loading && !chat.models.importing
                text: qsTr("Copy into the models folder")
                checked: chat.models.copyOnImport
                onToggled: chat.models.copyOnImport = checked
                Accessible.name: text
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Off: use the file where it is, without a second copy.")
            }

            Label {
                Layout.fillWidth: true
                visible: !fileDialogAvailable && !chat.loading
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                color: Theme.text
                textFormat: Text.PlainText
                text: qsTr("Put GGUF files in %1, or start Siliang with one: siliang --model FILE.gguf")
                      .arg(chat.models.modelsFolder)
            }
            Button {
                Layout.alignment: Qt.AlignHCenter
                visible: !fileDialogAvailable && !chat.loading
                text: qsTr("Look again")
                Accessible.name: qsTr("Look for models again")
                onClicked: chat.refreshModels()
            }

            Label {
                Layout.topMargin: 12
                visible: chat.models.count > 0 && !chat.loading
                text: qsTr("Models found on this computer")
                color: Theme.mutedText
                font.pixelSize: Theme.smallFont
                font.weight: Font.DemiBold
            }
            Repeater {
                objectName: "welcomeModels"
                model: chat.loading ? null : chat.models
                delegate: ItemDelegate {
                    id: modelRow
                    required property string path
                    required property string name
                    required property string details
                    required property string error
                    objectName: "welcomeModelRow"
                    Layout.fillWidth: true
                    enabled: error.length === 0
                    Accessible.name: qsTr("Load %1").arg(name)
                    Accessible.description: error.length > 0 ? error : details
                    ToolTip.visible: hovered
                    ToolTip.delay: 600
                    ToolTip.text: error.length > 0 ? error : path
                    onClicked: chat.loadModel(path)
                    background: Rectangle {
                        radius: 8
                        color: modelRow.hovered ? Theme.hover : Theme.surface
                    }
                    contentItem: ColumnLayout {
                        spacing: 2
                        Label {
                            Layout.fillWidth: true
                            text: modelRow.name
                            color: modelRow.error.length > 0 ? Theme.mutedText : Theme.text
                            font.weight: Font.DemiBold
                            elide: Text.ElideMiddle
                        }
                        Label {
                            Layout.fillWidth: true
                            text: modelRow.error.length > 0 ? modelRow.error : modelRow.details
                            color: modelRow.error.length > 0 ? Theme.danger : Theme.mutedText
                            font.pixelSize: Theme.smallFont
                            wrapMode: Text.Wrap
                            maximumLineCount: 2
                            elide: Text.ElideRight
                        }
                    }
                }
            }
            Label {
                Layout.fillWidth: true
                visible: fileDialogAvailable
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("Models folder: %1").arg(chat.models.modelsFolder)
                color: Theme.mutedText
                font.pixelSize: Theme.smallFont
                elide: Text.ElideMiddle
            }
        }
    }
}
