// HistoryError: the one exception type the history store throws. Every failure the
// user can meet (full disk, read-only file, corrupt database, bad import file) is
// turned into one of these with a sentence the UI can show as is; the store never
// aborts the process.
#pragma once

#include <QByteArray>
#include <QString>
#include <exception>

namespace siliang::history {

enum class ErrorKind {
    ReadOnly,         // the database (or its folder) cannot be written
    DiskFull,         // SQLITE_FULL: no space left for the database or its WAL
    IoError,          // SQLITE_IOERR*: the disk or file system failed
    Corrupt,          // SQLITE_CORRUPT / SQLITE_NOTADB
    Busy,             // another connection held a lock for longer than the busy timeout
    CannotOpen,       // SQLITE_CANTOPEN, missing folder, permissions
    NotFound,         // a conversation or message id that does not exist
    InvalidArgument,  // bad input: an import file, a parent from another conversation
    Internal,         // anything else SQLite reports (bugs, misuse)
};

class HistoryError : public std::exception {
public:
    HistoryError(ErrorKind kind, QString message, int sqliteCode = 0);

    ErrorKind kind() const { return kind_; }
    // A complete sentence naming the database file and the problem.
    const QString& message() const { return message_; }
    // The extended SQLite result code when SQLite reported the failure, else 0.
    int sqliteCode() const { return sqliteCode_; }
    const char* what() const noexcept override { return utf8_.constData(); }

private:
    ErrorKind kind_;
    QString message_;
    int sqliteCode_;
    QByteArray utf8_;
};

}  // namespace siliang::history
