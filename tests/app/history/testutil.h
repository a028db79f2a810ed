// Helpers shared by the history test suites.
#pragma once

#include <sqlite3.h>

#include <QFile>
#include <QString>
#include <QTemporaryDir>
#include <QTest>

#include "ftstokenizer.h"
#include "historystore.h"

namespace siliang::history::test {

inline NewMessage text(Role role, const QString& content, const QString& reasoning = {}) {
    NewMessage m;
    m.role = role;
    m.content = content;
    m.reasoning = reasoning;
    return m;
}

inline NewConversation titled(const QString& title) {
    NewConversation c;
    c.title = title;
    return c;
}

// Runs SQL on the file through a plain SQLite connection (fixtures, inspection);
// returns the first column of the last row, or "error: ..." on failure.
inline QString rawSql(const QString& path, const QString& sqlText) {
    sqlite3* db = nullptr;
    QString result;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return QStringLiteral("error: cannot open");
    }
    registerFtsTokenizer(db);  // what the store does on every connection
    char* error = nullptr;
    const int rc = sqlite3_exec(
        db, sqlText.toUtf8().constData(),
        [](void* out, int, char** values, char**) {
            *static_cast<QString*>(out) = QString::fromUtf8(values[0] ? values[0] : "NULL");
            return 0;
        },
        &result, &error);
    if (rc != SQLITE_OK) result = QStringLiteral("error: ") + QString::fromUtf8(error);
    sqlite3_free(error);
    sqlite3_close(db);
    return result;
}

inline QByteArray readFile(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline bool writeFile(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

}  // namespace siliang::history::test
