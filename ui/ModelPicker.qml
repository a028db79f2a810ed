// The top bar's model picker: the loaded model's name; a click opens the list of
// local models (architecture, parameters, quantization, context length and size
// from each GGUF header) to load another, and a way to import a GGUF file.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

AbstractButton {
    id: picker
    objectName: "modelPicker"
    signal importRequested()
    property bool canImport: false

    implicitHeight: 36
    leftPadding: 8
    rightPadding: 8
    implicitWidth: Math.min(implicitContentWidth + leftPadding + rightPadding, 420)
    enabled: !chat.loading
    Accessible.name: qsTr("Choose a model")
    Accessible.description: chat.modelName
    onClicked: popup.opened ? popup.close() : popup.open()

    background: Rectangle {
        radius: 8
        color: picker.hovered || popup.opened ? Theme.hover : "transparent"
    }
    contentItem: RowLayout {
        id: pickerRow
        spacing: 6
        Label {
            objectName: "modelName"
            Layout.maximumWidth: 360
            text: chat.modelName.length > 0 ? chat.modelName : qsTr("No model loaded")
            color: chat.modelName.length > 0 ? Theme.text : Theme.mutedText
            font.pixelSize: Theme.font(15)
            font.weight: Font.DemiBold
            elide: Text.ElideMiddle
        }
        Label {
            text: "▾"
            color: Theme.mutedText
        }
        // Any spare width goes after the arrow, not between it and the name.
        Item { Layout.fillWidth: true }
    }

    Popup {
        id: popup
        objectName: "modelPopup"
        y: picker.height + 4
        width: 460
        padding: 6
        background: Rectangle {
            radius: 10
            color: Theme.window
            border.color: Theme.border
        }

        contentItem: ColumnLayout {
            spacing: 2

            Label {
                Layout.margins: 8
                text: chat.models.count > 0 ? qsTr("Models on this computer")
                                            : qsTr("No models yet: import a GGUF file.")
                color: Theme.mutedText
                font.pixelSize: Theme.smallFont
                font.weight: Font.DemiBold
            }

            ListView {
                id: list
                objectName: "modelList"
                Layout.fillWidth: true
                Layout.preferredHeight: Math.min(contentHeight, 320)
                clip: true
                model: chat.models
                ScrollBar.vertical: ScrollBar {}
                delegate: ItemDelegate {
                    id: row
                    required property string path
                    required property string name
                    required property string details
                    required property string error
                    width: ListView.view.width
                    enabled: error.length === 0
                    readonly property bool current: path === chat.modelPath
                    Accessible.name: qsTr("Load %1").arg(name)
                    Accessible.description: error.length > 0 ? error : details
                    ToolTip.visible: hovered
                    ToolTip.delay: 600
                    ToolTip.text: error.length > 0 ? error : path
                    onClicked: {
                        popup.close()
                        if (!current) chat.loadModel(path)
                    }
                    background: Rectangle {
                        radius: 8
                        color: row.current ? Theme.selected : row.hovered ? Theme.hover : "transparent"
                    }
                    contentItem: ColumnLayout {
                        spacing: 2
                        RowLayout {
                            Label {
                                Layout.fillWidth: true
                                text: row.name
                                elide: Text.ElideMiddle
                                color: row.error.length > 0 ? Theme.mutedText : Theme.text
                                font.weight: Font.DemiBold
                            }
                            Label {
                                visible: row.current
                                text: "✓"
                                color: Theme.accent
                            }
                        }
                        Label {
                            objectName: "modelDetails"
                            Layout.fillWidth: true
                            text: row.error.length > 0 ? row.error : row.details
                            elide: Text.ElideRight
                            color: row.error.length > 0 ? Theme.danger : Theme.mutedText
                            font.pixelSize: Theme.smallFont
                        }
                    }
                }
            }

            Rectangle { Layout.fillWidth: true; Layout.topMargin: 4; height: 1; color: Theme.border }

            RowLayout {
                Layout.fillWidth: true
                Layout.margins: 4
                Button {
                    visible: picker.canImport
                    text: qsTr("Import a GGUF file…")
                    flat: true
                    Accessible.name: qsTr("Import a GGUF model file")
                    onClicked: {
                        popup.close()
                        picker.importRequested()
                    }
                }
                CheckBox {
                    visible: picker.canImport
                    text: qsTr("Copy into the models folder")
                    checked: chat.models.copyOnImport
                    onToggled: chat.models.copyOnImport = checked
                    Accessible.name: text
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("Off: use the file where it is, without a second copy.")
                }
            }
            Label {
                Layout.fillWidth: true
                Layout.margins: 8
                text: qsTr("Models folder: %1").arg(chat.models.modelsFolder)
                color: Theme.mutedText
                font.pixelSize: Theme.smallFont
                elide: Text.ElideMiddle
            }
        }
    }
}
