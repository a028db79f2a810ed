// ModelSummary: what the model list shows about one GGUF file (architecture,
// parameter count, quantization, context length, size), read from the header
// alone through the engine's model_info. readModelSummary() touches the disk, so
// callers run it off the GUI thread (ModelListModel uses QtConcurrent).
#pragma once

#include <QDateTime>
#include <QString>

namespace siliang::app {

struct ModelSummary {
    QString path;  // absolute
    QString fileName;
    QString name;          // general.name, else the file name without .gguf
    QString architecture;  // general.architecture
    QString quantization;  // "Q4_K_M"; "" when the file does not say
    qint64 parameters = 0;
    qint64 contextLength = 0;  // trained context; 0 when the file does not say
    qint64 fileSize = 0;
    QDateTime modified;
    // Empty when the engine can run the model; otherwise why not (not a GGUF file,
    // truncated header, unsupported architecture), naming the file.
    QString error;
    bool ok() const { return error.isEmpty(); }
};

// Reads the header of `path`. Never throws: problems end up in `error`.
ModelSummary readModelSummary(const QString& path);

// "268M", "7.2B": parameter counts as model names write them.
QString formatParameters(qint64 parameters);
// "241 MiB", "4.1 GiB", "812 KiB", "12 B".
QString formatBytes(qint64 bytes);

}  // namespace siliang::app
