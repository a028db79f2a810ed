#include "sqlitedb.h"

#include <sqlite3.h>

namespace siliang::history::sql {

HistoryError makeError(int rc, const QString& path, const QString& action, const char* detail) {
    const QString what = QString::fromUtf8(detail ? detail : sqlite3_errstr(rc));
    switch (rc & 0xff) {
        case SQLITE_READONLY:
            return HistoryError(ErrorKind::ReadOnly,
                                QStringLiteral("History database %1 is read-only: cannot %2 (%3).")
                                    .arg(path, action, what),
                                rc);
        case SQLITE_FULL:
            return HistoryError(
                ErrorKind::DiskFull,
                QStringLiteral("Cannot %2: the disk holding the history database %1 is "
                               "full. Free some space and try again; conversations "
                               "already saved are safe.")
                    .arg(path, action),
                rc);
        case SQLITE_IOERR:
            return HistoryError(
                ErrorKind::IoError,
                QStringLiteral("Cannot %2: input/output error on the history database "
                               "%1 (%3). Conversations already saved are safe.")
                    .arg(path, action, what),
                rc);
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            return HistoryError(
                ErrorKind::Corrupt,
                QStringLiteral("Cannot %2: the history database %1 is damaged (%3).")
                    .arg(path, action, what),
                rc);
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return HistoryError(
                ErrorKind::Busy,
                QStringLiteral("Cannot %2: the history database %1 is busy in another "
                               "process (%3). Try again in a moment.")
                    .arg(path, action, what),
                rc);
        case SQLITE_CANTOPEN:
        case SQLITE_PERM:
        case SQLITE_AUTH:
            return HistoryError(
                ErrorKind::CannotOpen,
                QStringLiteral("Cannot %2: the history database %1 cannot be opened "
                               "(%3).")
                    .arg(path, action, what),
                rc);
        default:
            return HistoryError(ErrorKind::Internal,
                                QStringLiteral("Cannot %2: SQLite error on the history database %1 "
                                               "(%3).")
                                    .arg(path, action, what),
                                rc);
    }
}

// ---- Stmt ----

Stmt::Stmt(Stmt&& other) noexcept : db_(other.db_), stmt_(other.stmt_), cached_(other.cached_) {
    other.stmt_ = nullptr;
}

Stmt::~Stmt() {
    if (!stmt_) return;
    if (cached_) {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    } else {
        sqlite3_finalize(stmt_);
    }
}

Stmt& Stmt::bind(int index, qint64 value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
}

Stmt& Stmt::bind(int index, double value) {
    sqlite3_bind_double(stmt_, index, value);
    return *this;
}

Stmt& Stmt::bind(int index, const QString& value) {
    const QByteArray utf8 = value.toUtf8();
    sqlite3_bind_text(stmt_, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
    return *this;
}

Stmt& Stmt::bindBlob(int index, const QByteArray& value) {
    sqlite3_bind_blob(stmt_, index, value.constData(), int(value.size()), SQLITE_TRANSIENT);
    return *this;
}

Stmt& Stmt::bindNull(int index) {
    sqlite3_bind_null(stmt_, index);
    return *this;
}

Stmt& Stmt::bindId(int index, qint64 id) {
    return id == 0 ? bindNull(index) : bind(index, id);
}

bool Stmt::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    // Reset now so that a cached statement does not keep the failed transaction's
    // read snapshot alive.
    sqlite3_reset(stmt_);
    db_->fail(rc, db_->action());
}

void Stmt::run() {
    while (step()) {
    }
}

void Stmt::reset() {
    sqlite3_reset(stmt_);
}

qint64 Stmt::int64(int column) const {
    return sqlite3_column_int64(stmt_, column);
}
double Stmt::real(int column) const {
    return sqlite3_column_double(stmt_, column);
}
bool Stmt::isNull(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

QString Stmt::text(int column) const {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return QString::fromUtf8(data, sqlite3_column_bytes(stmt_, column));
}

// ---- Db ----

Db::Db(const QString& path, int flags, const QByteArray& vfs) : path_(path) {
    const QByteArray file = path.toUtf8();
    const int rc =
        sqlite3_open_v2(file.constData(), &db_, flags, vfs.isEmpty() ? nullptr : vfs.constData());
    if (rc != SQLITE_OK) {
        const HistoryError error =
            makeError(rc, path, QStringLiteral("open it"), db_ ? sqlite3_errmsg(db_) : nullptr);
        sqlite3_close(db_);
        db_ = nullptr;
        throw error;
    }
    sqlite3_extended_result_codes(db_, 1);
    action_ = QStringLiteral("read the history");
}

Db::~Db() {
    for (auto& entry : cache_) sqlite3_finalize(entry.second);
    // close_v2 so that a statement leaked by a bug cannot keep the file open forever.
    sqlite3_close_v2(db_);
}

void Db::fail(int rc, const QString& action) const {
    throw makeError(rc, path_, action, sqlite3_errmsg(db_));
}

void Db::exec(const char* sqlText, const QString& action) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, sqlText, nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        const HistoryError error = makeError(rc, path_, action, message);
        sqlite3_free(message);
        throw error;
    }
}

Stmt Db::cached(const char* sqlText) {
    auto it = cache_.find(sqlText);
    if (it == cache_.end()) {
        sqlite3_stmt* stmt = nullptr;
        const int rc =
            sqlite3_prepare_v3(db_, sqlText, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
        if (rc != SQLITE_OK) fail(rc, action_);
        it = cache_.emplace(sqlText, stmt).first;
    }
    return Stmt(*this, it->second, true);
}

Stmt Db::prepare(const QByteArray& sqlText) {
    sqlite3_stmt* stmt = nullptr;
    const int rc =
        sqlite3_prepare_v2(db_, sqlText.constData(), int(sqlText.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) fail(rc, action_);
    return Stmt(*this, stmt, false);
}

qint64 Db::lastInsertId() const {
    return sqlite3_last_insert_rowid(db_);
}
int Db::changes() const {
    return sqlite3_changes(db_);
}
bool Db::isReadOnly() const {
    return sqlite3_db_readonly(db_, "main") == 1;
}

// ---- Transaction ----

Transaction::Transaction(Db& db, const QString& action) : db_(db) {
    db_.setAction(action);
    db_.exec("BEGIN IMMEDIATE", action);
    open_ = true;
}

Transaction::~Transaction() {
    // After an I/O error SQLite may already have rolled back; ROLLBACK then just
    // reports "no transaction is active", which is harmless here.
    if (open_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    db_.setAction(QStringLiteral("read the history"));
}

void Transaction::commit() {
    db_.exec("COMMIT", db_.action());
    open_ = false;
}

}  // namespace siliang::history::sql
