#include "modelsummary.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <exception>
#include <filesystem>

#include "gguf/gguf_reader.h"
#include "model/model_config.h"
#include "model/model_info.h"

namespace siliang::app {

namespace {

QString fromStd(const std::string& s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

// The engine's messages start with the file ("<path>: <field>: <problem>"); the
// summary names the file itself, so only the problem is kept.
QString problem(const char* what, const ModelSummary& s) {
    QString text = QString::fromUtf8(what);
    for (const QString& prefix : {s.path, s.fileName})
        if (text.startsWith(prefix + QStringLiteral(": "))) return text.mid(prefix.size() + 2);
    return text;
}

}  // namespace

ModelSummary readModelSummary(const QString& path) {
    ModelSummary s;
    const QFileInfo fi(path);
    s.path = fi.absoluteFilePath();
    s.fileName = fi.fileName();
    s.name = fi.completeBaseName();
    s.fileSize = fi.size();
    s.modified = fi.lastModified();
    if (!fi.isFile()) {
        s.error = QCoreApplication::translate("ModelSummary", "%1: no such file.").arg(s.fileName);
        return s;
    }
    try {
        const gguf::File file = gguf::File::open(std::filesystem::path(s.path.toStdString()));
        const model::ModelInfo info = model::read_model_info(file);
        if (!info.name.empty()) s.name = fromStd(info.name);
        s.architecture = fromStd(info.architecture);
        s.quantization = fromStd(info.quantization);
        s.parameters = static_cast<qint64>(info.parameters);
        s.contextLength = static_cast<qint64>(info.context_length.value_or(0));
        // The same check loading does: an architecture the engine cannot run is
        // reported now, not after a long load.
        (void)model::read_model_config(file);
    } catch (const gguf::GgufError& e) {
        s.error = QCoreApplication::translate("ModelSummary", "%1 is not a usable GGUF model: %2")
                      .arg(s.fileName, problem(e.what(), s));
    } catch (const model::ModelError& e) {
        s.error = QCoreApplication::translate("ModelSummary", "%1 cannot be run by Siliang: %2")
                      .arg(s.fileName, problem(e.what(), s));
    } catch (const std::exception& e) {
        s.error = QCoreApplication::translate("ModelSummary", "%1 could not be read: %2")
                      .arg(s.fileName, problem(e.what(), s));
    }
    return s;
}

QString formatParameters(qint64 parameters) {
    if (parameters <= 0) return {};
    const double p = static_cast<double>(parameters);
    if (p >= 1e9) return QString::number(p / 1e9, 'f', p >= 1e10 ? 0 : 1) + QLatin1Char('B');
    if (p >= 1e6) return QString::number(p / 1e6, 'f', 0) + QLatin1Char('M');
    if (p >= 1e3) return QString::number(p / 1e3, 'f', 0) + QLatin1Char('K');
    return QString::number(parameters);
}

QString formatBytes(qint64 bytes) {
    static const char* const units[] = {"KiB", "MiB", "GiB", "TiB"};
    if (bytes < 1024) return QString::number(bytes) + QStringLiteral(" B");
    double value = static_cast<double>(bytes) / 1024.0;
    int unit = 0;
    while (value >= 1024.0 && unit < 3) {
        value /= 1024.0;
        ++unit;
    }
    return QString::number(value, 'f', value < 10 ? 1 : 0) + QLatin1Char(' ') +
           QLatin1String(units[unit]);
}

}  // namespace siliang::app
