// ModelListModel: the local models the picker and the welcome page list. A row is
// a GGUF file found in the models folder (and any other scanned folder), named on
// the command line, or registered in place by the user; its architecture, size,
// quantization and context length come from the header, read off the GUI thread
// and cached by path, size and modification time.
//
// Import (a dropped or chosen .gguf): the header is validated first (a non-GGUF
// file or an architecture the engine cannot run is refused with a clear message),
// then the file is copied into the models folder in 8 MiB chunks on a worker
// thread with progress and cancel. Copying is the default so that the models
// folder holds everything the app uses (a model on a USB stick keeps working once
// the stick is gone); with copyOnImport off the file is registered in place instead
// (no second multi-GB copy) and remembered in the registry file.
#pragma once

#include <QAbstractListModel>
#include <QFutureWatcher>
#include <QHash>
#include <QSet>
#include <QStringList>
#include <QThreadPool>
#include <QUrl>
#include <atomic>
#include <memory>

#include "modelsummary.h"

namespace siliang::app {

class ModelListModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(QString modelsFolder READ modelsFolder NOTIFY modelsFolderChanged)
    // The same as a file:// URL (dialogs, opening it in the file manager).
    Q_PROPERTY(QUrl modelsFolderUrl READ modelsFolderUrl NOTIFY modelsFolderChanged)
    Q_PROPERTY(bool copyOnImport READ copyOnImport WRITE setCopyOnImport NOTIFY copyOnImportChanged)
    Q_PROPERTY(bool importing READ importing NOTIFY importStateChanged)
    Q_PROPERTY(QString importName READ importName NOTIFY importStateChanged)
    Q_PROPERTY(double importProgress READ importProgress NOTIFY importProgressChanged)
public:
    enum Roles {
        PathRole = Qt::UserRole + 1,
        FileNameRole,
        NameRole,
        ArchitectureRole,
        ParametersRole,
        ParametersTextRole,  // "268M"
        QuantizationRole,
        ContextLengthRole,
        FileSizeRole,
        SizeTextRole,  // "241 MiB"
        DetailsRole,   // "gemma3 · 268M · Q4_K_M · 32K context · 241 MiB"
        ErrorRole,     // why the engine cannot run it; "" when it can
        ReadyRole,     // the header has been read
    };
    Q_ENUM(Roles)

    explicit ModelListModel(QObject* parent = nullptr);
    // Cancels an import (its partial file is removed) and waits for the workers.
    ~ModelListModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString modelsFolder() const { return modelsFolder_; }
    QUrl modelsFolderUrl() const { return QUrl::fromLocalFile(modelsFolder_); }
    bool copyOnImport() const { return copyOnImport_; }
    void setCopyOnImport(bool copy);
    bool importing() const { return importing_; }
    QString importName() const { return importName_; }
    double importProgress() const { return importProgress_; }

    // Other folders scanned for *.gguf, and files offered for this session only
    // (command line, the loaded model).
    void setScanFolders(const QStringList& folders);
    void setSessionFiles(const QStringList& files);
    // Where files registered in place are remembered (JSON); read at once.
    void setRegistryFile(const QString& path);

    const ModelSummary& at(int row) const { return rows_.at(row).summary; }
    bool isReady(int row) const { return rows_.at(row).ready; }
    QStringList paths() const;

    // "32K context": the context length the way the list shows it ("" when unknown).
    static QString formatContext(qint64 tokens);
    // The language changed: the details line ("32K context") is made again.
    void retranslate();

public slots:
    // Scanned for *.gguf and the destination of imports; created when missing.
    void setModelsFolder(const QString& pathOrUrl);
    void refresh();
    // Registers a GGUF file in place (remembered across runs); no copy.
    void addFile(const QString& pathOrUrl);
    // Forgets a file registered in place (the file itself stays).
    void forget(const QString& path);
    // Validates, then copies into the models folder (or registers in place, see
    // copyOnImport). Ends with imported() or importFailed().
    void importModel(const QString& pathOrUrl);
    void cancelImport();

public:
    // A path or file:// URL whose name ends in .gguf.
    Q_INVOKABLE static bool isModelFile(const QString& pathOrUrl);
    Q_INVOKABLE int indexOfPath(const QString& path) const;
    static QString localPath(const QString& pathOrUrl);

signals:
    void countChanged();
    void modelsFolderChanged();
    void copyOnImportChanged();
    void importStateChanged();
    void importProgressChanged();
    // The model at `path` is in the list and can be loaded.
    void imported(const QString& path);
    void importFailed(const QString& message);

private:
    struct Row {
        ModelSummary summary;
        bool ready = false;
    };
    struct ImportResult {
        QString path;
        QString error;
        bool cancelled = false;
    };
    ImportResult runImport(const QString& source, const QString& destinationFolder);
    void requestSummary(const QString& path);
    void onSummary(const ModelSummary& summary);
    void onImportDone(const ImportResult& result);
    void saveRegistry() const;

    QList<Row> rows_;
    QString modelsFolder_, registryFile_;
    QStringList scanFolders_, sessionFiles_, registered_;
    QHash<QString, ModelSummary> cache_;  // by absolute path
    QSet<QString> pending_;               // header reads in flight
    QThreadPool readers_;   // one thread: header reads are short, disks are not parallel
    QThreadPool importer_;  // one thread: one import at a time
    std::shared_ptr<std::atomic<bool>> cancelImport_;
    bool copyOnImport_ = true;
    bool importing_ = false;
    QString importName_;
    double importProgress_ = 0;
};

}  // namespace siliang::app
