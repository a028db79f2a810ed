// SettingsController: where models live. The folder is checked before it is taken
// (it must exist and be writable: imports are copied into it) and stored in the
// settings; ChatController rescans the model list from it.
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QUrl>

#include "settingscontroller.h"

namespace siliang::app {

namespace {

const QString kModelsFolderKey = QStringLiteral("models/folder");

}  // namespace

void SettingsController::loadModelsFolder() {
    modelsFolder_ = settings_ ? settings_->value(kModelsFolderKey).toString() : QString();
    emit modelsFolderChanged();
}

QString SettingsController::checkModelsFolder(const QString& folder) {
    if (folder.trimmed().isEmpty()) return tr("Choose a folder for your models.");
    const QFileInfo info(folder);
    if (!info.exists()) return tr("%1 does not exist.").arg(QDir::toNativeSeparators(folder));
    if (!info.isDir()) return tr("%1 is not a folder.").arg(QDir::toNativeSeparators(folder));
    if (!info.isWritable())
        return tr("%1 cannot be written to (imported models are copied there).")
            .arg(QDir::toNativeSeparators(folder));
    return {};
}

bool SettingsController::setModelsFolder(const QString& pathOrUrl) {
    const QUrl url(pathOrUrl);
    const QString path = url.isLocalFile() ? url.toLocalFile() : pathOrUrl.trimmed();
    const QString error = checkModelsFolder(path);
    if (!error.isEmpty()) {
        setMessage(error);
        return false;
    }
    setMessage({});
    const QString folder = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    if (folder == modelsFolder_) return true;
    modelsFolder_ = folder;
    save(kModelsFolderKey, folder);
    emit modelsFolderChanged();
    return true;
}

}  // namespace siliang::app
