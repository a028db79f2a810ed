// First run, no model: a welcome that leads to choosing a GGUF file, and the
// models already found in the models folder or named on the command line.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Item {
    id: page
    signal chooseFile()

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 64, 520)
        spacing: 16

        Label {
            Layout.alignment: Qt.AlignHCenter
            text: "四两"
            font.pixelSize: 44
            color: Theme.accent
        }
        Label {
            Layout.alignment: Qt.AlignHCenter
            text: qsTr("Welcome to Siliang")
            font.pixelSize: 26
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
            visible: chat.loading
            value: chat.loadProgress
            Accessible.name: qsTr("Model loading progress")
        }
        Label {
            Layout.alignment: Qt.AlignHCenter
            visible: chat.loading
            text: qsTr("Loading %1…").arg(chat.modelName)
            color: Theme.mutedText
        }

        Button {
            id: choose
            Layout.alignment: Qt.AlignHCenter
            Layout.topMargin: 8
            visible: !chat.loading && fileDialogAvailable
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
            visible: !fileDialogAvailable && !chat.loading
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            color: Theme.text
            textFormat: Text.PlainText
            text: qsTr("Put GGUF files in %1, or start Siliang with one: siliang --model FILE.gguf")
                  .arg(modelsFolderPath)
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
            visible: chat.availableModels.length > 0 && !chat.loading
            text: qsTr("Models found on this computer")
            color: Theme.mutedText
            font.pixelSize: Theme.smallFont
            font.weight: Font.DemiBold
        }
        Repeater {
            model: chat.loading ? [] : chat.availableModels
            delegate: ItemDelegate {
                id: modelRow
                required property string modelData
                Layout.fillWidth: true
                text: modelData.split("/").pop()
                Accessible.name: qsTr("Load %1").arg(text)
                ToolTip.visible: hovered
                ToolTip.text: modelData
                onClicked: chat.loadModel(modelData)
                background: Rectangle {
                    radius: 8
                    color: modelRow.hovered ? Theme.hover : Theme.surface
                }
                contentItem: Label { text: modelRow.text; color: Theme.text; elide: Text.ElideMiddle }
            }
        }
    }
}
