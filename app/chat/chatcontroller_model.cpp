// ChatController: models on disk and loading one (the engine does the work).
#include <QDir>
#include <QFileInfo>
#include <QUrl>

#include "chatcontroller.h"

namespace siliang::app {

void ChatController::setModelSources(const QStringList& folders, const QStringList& files) {
    modelFolders_ = folders;
    modelFiles_ = files;
    defaultModelsFolder_ = folders.value(0);
    models_.setScanFolders(folders.mid(1));
    applyModelsFolder();
}

void ChatController::applyModelsFolder() {
    // The folder chosen in the settings replaces the default one; if it has gone
    // (an unplugged disk) the default is used for this run and the choice is kept.
    QString folder = defaultModelsFolder_;
    const QString chosen = preferences_.modelsFolder();
    if (!chosen.isEmpty()) {
        const QString problem = SettingsController::checkModelsFolder(chosen);
        if (problem.isEmpty())
            folder = chosen;
        else if (!folder.isEmpty())
            setError(tr("The models folder cannot be used: %1 Using %2 instead.")
                         .arg(problem, QDir::toNativeSeparators(folder)));
    }
    if (!folder.isEmpty()) {
        // The first folder is the models folder: imports are copied there.
        if (modelFolders_.isEmpty())
            modelFolders_.append(folder);
        else
            modelFolders_[0] = folder;
        models_.setModelsFolder(folder);
    }
    refreshModels();
}

void ChatController::refreshModels() {
    QStringList found;
    for (const QString& folder : modelFolders_)
        for (const QFileInfo& f :
             QDir(folder).entryInfoList({QStringLiteral("*.gguf")}, QDir::Files, QDir::Name))
            found.append(f.absoluteFilePath());
    for (const QString& file : modelFiles_) {
        const QString path = QFileInfo(file).absoluteFilePath();
        if (QFileInfo(path).isFile() && !found.contains(path)) found.append(path);
    }
    models_.setSessionFiles(modelFiles_);
    if (found == availableModels_) return;
    availableModels_ = found;
    emit availableModelsChanged();
}

void ChatController::loadModel(const QString& pathOrUrl) {
    const QUrl url(pathOrUrl);
    const QString path = url.isLocalFile() ? url.toLocalFile() : pathOrUrl;
    if (path.isEmpty()) return;
    if (!QFileInfo(path).isFile()) {
        setError(tr("%1: no such file.").arg(path));
        return;
    }
    stop();
    loading_ = true;
    loadProgress_ = 0;
    modelPath_.clear();
    modelName_ = QFileInfo(path).completeBaseName();
    emit loadProgressChanged();
    emit modelChanged();
    emit canRegenerateChanged();
    worker_.load(QFileInfo(path).absoluteFilePath(), preferences_.loadOptions());
}

void ChatController::cancelLoad() {
    if (loading_) worker_.cancel();
}

}  // namespace siliang::app
