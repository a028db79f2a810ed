// Shared helpers for the chat tests: finding a Python with Jinja2, running the reference renderer.
#pragma once

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

#include "chat/json.h"

namespace siliang::chat::testing {

// /usr/bin/python3 when it imports jinja2, else python3 from PATH; empty when neither works.
inline QString find_python_with_jinja2() {
    QStringList candidates{QStringLiteral("/usr/bin/python3")};
    QString on_path = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (!on_path.isEmpty()) candidates << on_path;
    for (const QString& py : candidates) {
        if (!QFile::exists(py)) continue;
        QProcess p;
        p.start(py, {QStringLiteral("-c"), QStringLiteral("import jinja2")});
        if (p.waitForFinished(30000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0)
            return py;
    }
    return {};
}

inline QByteArray read_file(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return f.readAll();
}

// Runs render_reference.py; returns its parsed JSON output, or null with `error` set.
inline Json run_reference(const QString& python, const QStringList& args, QString* error) {
    QProcess p;
    p.start(python, QStringList{QStringLiteral(SILIANG_TESTS_DIR "/render_reference.py")} + args);
    if (!p.waitForFinished(120000) || p.exitCode() != 0) {
        *error = QStringLiteral("reference renderer failed: ") +
                 QString::fromUtf8(p.readAllStandardError());
        return Json();
    }
    QByteArray out = p.readAllStandardOutput();
    try {
        return Json::parse(std::string_view(out.constData(), size_t(out.size())));
    } catch (const JsonError& e) {
        *error = QStringLiteral("bad reference output: ") + QString::fromUtf8(e.what());
        return Json();
    }
}

}  // namespace siliang::chat::testing
