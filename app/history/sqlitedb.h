// A thin RAII layer over the sqlite3 C API, private to the history store. It exists
// so that every SQLite failure becomes a HistoryError naming the database file, and
// so that write transactions are always BEGIN IMMEDIATE (taking the write lock up
// front means a busy database waits in the busy handler instead of failing on a
// read-to-write lock upgrade) and are rolled back if an exception leaves them.
#pragma once

#include <QByteArray>
#include <QString>
#include <map>
#include <string>

#include "historyerror.h"

struct sqlite3;
struct sqlite3_stmt;

namespace siliang::history::sql {

// Maps a SQLite result code to a HistoryError with a user-readable message.
// `action` completes "Cannot ...", e.g. "save the message".
HistoryError makeError(int rc, const QString& path, const QString& action, const char* detail);

class Db;

class Stmt {
public:
    Stmt(Db& db, sqlite3_stmt* stmt, bool cached) : db_(&db), stmt_(stmt), cached_(cached) {}
    Stmt(Stmt&& other) noexcept;
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    ~Stmt();

    Stmt& bind(int index, qint64 value);
    Stmt& bind(int index, int value) { return bind(index, static_cast<qint64>(value)); }
    Stmt& bind(int index, double value);
    Stmt& bind(int index, const QString& value);
    Stmt& bindBlob(int index, const QByteArray& value);
    Stmt& bindNull(int index);
    // Binds NULL for 0 (ids use 0 for "none").
    Stmt& bindId(int index, qint64 id);

    // Steps once: true when a row is available, false when done.
    bool step();
    // Steps a statement that returns no rows.
    void run();
    void reset();

    qint64 int64(int column) const;
    double real(int column) const;
    QString text(int column) const;
    bool isNull(int column) const;

private:
    Db* db_;
    sqlite3_stmt* stmt_;
    bool cached_;
};

class Db {
public:
    // Opens with sqlite3_open_v2; throws HistoryError on failure.
    Db(const QString& path, int flags, const QByteArray& vfs);
    ~Db();
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;

    sqlite3* handle() const { return db_; }
    const QString& path() const { return path_; }

    void exec(const char* sql, const QString& action);
    // A statement prepared once per connection and reset after each use; `sql`
    // must be a string literal (it keys the cache).
    Stmt cached(const char* sql);
    // A statement for dynamic SQL, finalized when it goes out of scope.
    Stmt prepare(const QByteArray& sql);
    qint64 lastInsertId() const;
    int changes() const;
    bool isReadOnly() const;

    // Throws the HistoryError for the connection's last error.
    [[noreturn]] void fail(int rc, const QString& action) const;
    // What the current operation is, for error messages ("save the message").
    void setAction(const QString& action) { action_ = action; }
    const QString& action() const { return action_; }

private:
    sqlite3* db_ = nullptr;
    QString path_;
    QString action_;
    std::map<const char*, sqlite3_stmt*> cache_;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back on destruction unless committed.
class Transaction {
public:
    Transaction(Db& db, const QString& action);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Db& db_;
    bool open_ = false;
};

}  // namespace siliang::history::sql
