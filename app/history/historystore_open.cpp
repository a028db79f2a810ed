// Opening the store: instance lock, probing the file, moving an unusable file aside
// (never deleting it), read-only fallback, migrations and the crash-recovery pass.
#include <sqlite3.h>

#include <QAtomicInt>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>

#include "ftstokenizer.h"
#include "historystore.h"
#include "schema.h"
#include "sqlitedb.h"

namespace siliang::history {

namespace {

using sql::Db;

void configure(Db& db, int busyTimeoutMs) {
    sqlite3_busy_timeout(db.handle(), busyTimeoutMs);
    // Before anything touches the FTS tables (the triggers do, on every write).
    if (registerFtsTokenizer(db.handle()) != SQLITE_OK)
        throw HistoryError(ErrorKind::Internal,
                           QStringLiteral("The SQLite library in use has no full-text search "
                                          "(FTS5); the history database %1 cannot be used.")
                               .arg(db.path()));
    db.exec("PRAGMA foreign_keys = ON", QStringLiteral("configure it"));
    // Reading the schema is the first thing that fails on a damaged header page.
    db.exec("SELECT count(*) FROM sqlite_master", QStringLiteral("read its schema"));
}

qint64 schemaObjectCount(Db& db) {
    sql::Stmt stmt = db.prepare("SELECT count(*) FROM sqlite_master");
    stmt.step();
    return stmt.int64(0);
}

// Files SQLite did not write: a text file, random bytes, a truncated download.
bool looksLikeSqlite(const QString& path) {
    QFile file(path);
    if (!file.exists() || file.size() == 0) return true;  // SQLite treats empty as new
    if (!file.open(QIODevice::ReadOnly)) return true;     // let SQLite report the error
    return file.read(16) == QByteArray("SQLite format 3\0", 16);
}

// Renames the database and its WAL/SHM side files to <path>.unusable-<time>[-n].
// The WAL goes along because it can hold committed transactions.
QString moveAside(const QString& path) {
    const QString stamp =
        QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString target = path + QStringLiteral(".unusable-") + stamp;
    for (int n = 2; QFileInfo::exists(target); ++n)
        target = path + QStringLiteral(".unusable-%1-%2").arg(stamp).arg(n);
    if (!QFile::rename(path, target)) return {};
    for (const char* suffix : {"-wal", "-shm"}) {
        const QString side = path + QLatin1String(suffix);
        if (QFileInfo::exists(side)) QFile::rename(side, target + QLatin1String(suffix));
    }
    return target;
}

}  // namespace

struct StoreOpener {
    QString path;
    OpenOptions options;
    std::shared_ptr<QLockFile> lock;
    OpenResult result;

    std::unique_ptr<HistoryStore> make(std::unique_ptr<Db> db) {
        return std::unique_ptr<HistoryStore>(
            new HistoryStore(std::move(db), lock, options.vfs, options.busyTimeoutMs));
    }

    // Read-only: used when another instance owns the file, or it cannot be
    // written. `immutable` is for a read-only folder where SQLite cannot create the
    // WAL index; it is wrong while another process may write, so InUse never uses it.
    std::unique_ptr<Db> openReadOnly(bool allowImmutable) {
        try {
            auto db = std::make_unique<Db>(path, SQLITE_OPEN_READONLY, options.vfs);
            configure(*db, options.busyTimeoutMs);
            return db;
        } catch (const HistoryError& error) {
            // SQLite reports a WAL index it cannot create as CANTOPEN or READONLY.
            if (!allowImmutable ||
                (error.kind() != ErrorKind::CannotOpen && error.kind() != ErrorKind::ReadOnly))
                throw;
        }
        const QString uri =
            QStringLiteral("file:%1?immutable=1").arg(QString::fromUtf8(percentEncoded(path)));
        auto db = std::make_unique<Db>(uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, options.vfs);
        configure(*db, options.busyTimeoutMs);
        return db;
    }

    static QByteArray percentEncoded(const QString& text) {
        return text.toUtf8().toPercentEncoding("/");
    }

    // Last resort: a store in memory so that the app still works this session.
    OpenResult unavailable(const QString& why) {
        static QAtomicInt counter;
        const QString uri = QStringLiteral("file:siliang-history-%1?mode=memory&cache=shared")
                                .arg(counter.fetchAndAddRelaxed(1));
        auto db = std::make_unique<Db>(
            uri, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI, QByteArray());
        configure(*db, options.busyTimeoutMs);
        schema::migrate(*db);
        lock.reset();
        result.store = make(std::move(db));
        result.outcome = OpenOutcome::Unavailable;
        result.message = why + QStringLiteral(
                                   " Conversations of this session are kept in memory "
                                   "only and will not be saved.");
        return std::move(result);
    }

    OpenResult readOnly(const QString& message, OpenOutcome outcome, bool allowImmutable) {
        try {
            auto db = openReadOnly(allowImmutable);
            const int version = schema::userVersion(*db);
            result.previousVersion = version;
            if (version != schema::kCurrentVersion)
                return unavailable(QStringLiteral("The history database %1 needs an upgrade "
                                                  "(version %2 to %3) but cannot be written.")
                                       .arg(path)
                                       .arg(version)
                                       .arg(schema::kCurrentVersion));
            result.store = make(std::move(db));
            result.outcome = outcome;
            result.message = message;
            return std::move(result);
        } catch (const HistoryError& error) {
            return unavailable(error.message());
        }
    }

    // Opens (creating if needed) read-write. Returns an empty string on success,
    // else why the file is unusable and must be moved aside. Throws HistoryError
    // for problems that moving the file would not fix (read-only, disk full).
    QString openReadWrite(std::unique_ptr<Db>& db, bool fresh) {
        db = std::make_unique<Db>(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, options.vfs);
        try {
            configure(*db, options.busyTimeoutMs);
        } catch (const HistoryError& error) {
            if (error.kind() == ErrorKind::Corrupt) return error.message();
            throw;
        }
        const int version = schema::userVersion(*db);
        if (!fresh) result.previousVersion = version;
        if (version > schema::kCurrentVersion)
            return QStringLiteral(
                       "The history database %1 was written by a newer version of "
                       "Siliang (schema version %2; this version understands up to "
                       "%3).")
                .arg(path)
                .arg(version)
                .arg(schema::kCurrentVersion);
        if (version == 0 && schemaObjectCount(*db) > 0)
            return QStringLiteral("The file %1 is a SQLite database but not a Siliang history.")
                .arg(path);
        if (db->isReadOnly())
            throw HistoryError(ErrorKind::ReadOnly, QStringLiteral("read-only"), SQLITE_READONLY);
        sql::Stmt mode = db->prepare("PRAGMA journal_mode = WAL");
        mode.step();
        if (mode.text(0) != QLatin1String("wal"))
            throw HistoryError(ErrorKind::ReadOnly, QStringLiteral("cannot use WAL"), 0);
        mode.reset();
        // FULL: each commit is durable on power loss too; commits are few (a streamed
        // answer commits about four times a second).
        db->exec("PRAGMA synchronous = FULL", QStringLiteral("configure it"));
        if (options.quickCheck) {
            sql::Stmt check = db->prepare("PRAGMA quick_check(1)");
            check.step();
            if (check.text(0) != QLatin1String("ok"))
                return QStringLiteral("The history database %1 is damaged (%2).")
                    .arg(path, check.text(0));
        }
        schema::migrate(*db);
        return {};
    }

    int markInterrupted(Db& db) {
        sql::Transaction transaction(db, QStringLiteral("recover unfinished answers"));
        db.cached("UPDATE messages SET status = 'interrupted' WHERE status = 'streaming'").run();
        const int count = db.changes();
        transaction.commit();
        return count;
    }

    OpenResult run() {
        const QFileInfo info(path);
        if (!QDir().mkpath(info.absolutePath()))
            return unavailable(QStringLiteral("The folder %1 for the history database cannot be "
                                              "created.")
                                   .arg(info.absolutePath()));
        lock = std::make_shared<QLockFile>(path + QStringLiteral(".lock"));
        // Only a dead owner makes a lock stale, however old it is.
        lock->setStaleLockTime(0);
        if (!lock->tryLock(0)) {
            if (lock->error() == QLockFile::LockFailedError) {
                qint64 pid = 0;
                QString host, app;
                lock->getLockInfo(&pid, &host, &app);
                lock.reset();
                return readOnly(QStringLiteral("The history database %1 is in use by another "
                                               "Siliang window (process %2). This window shows "
                                               "your conversations read-only; close the other "
                                               "window to make changes here.")
                                    .arg(path)
                                    .arg(pid),
                                OpenOutcome::InUse, false);
            }
            lock.reset();  // no lock file possible (read-only folder): we will be read-only
        }
        const bool existed = info.exists() && info.size() > 0;
        QString unusable;
        std::unique_ptr<Db> db;
        try {
            if (existed && !looksLikeSqlite(path))
                unusable = QStringLiteral("The file %1 is not a SQLite database.").arg(path);
            else
                unusable = openReadWrite(db, false);
        } catch (const HistoryError& error) {
            db.reset();
            if (error.kind() == ErrorKind::ReadOnly || error.kind() == ErrorKind::CannotOpen)
                return readOnly(QStringLiteral("The history database %1 cannot be written (read-"
                                               "only file or folder). Your conversations are "
                                               "shown read-only and new ones will not be saved.")
                                    .arg(path),
                                OpenOutcome::ReadOnly, true);
            if (error.kind() == ErrorKind::Corrupt)
                unusable = error.message();
            else
                return unavailable(error.message());
        }
        if (unusable.isEmpty()) {
            try {
                result.interruptedMessages = markInterrupted(*db);
            } catch (const HistoryError& error) {
                return unavailable(error.message());
            }
            result.store = make(std::move(db));
            result.outcome = existed ? OpenOutcome::Opened : OpenOutcome::Created;
            return std::move(result);
        }
        db.reset();
        result.movedAsidePath = moveAside(path);
        if (result.movedAsidePath.isEmpty())
            return unavailable(unusable + QStringLiteral(" It could not be moved aside."));
        try {
            const QString again = openReadWrite(db, true);
            if (!again.isEmpty()) return unavailable(again);
        } catch (const HistoryError& error) {
            return unavailable(unusable + QLatin1Char(' ') + error.message());
        }
        result.store = make(std::move(db));
        result.outcome = OpenOutcome::Recovered;
        result.message = unusable + QStringLiteral(
                                        " It was moved to %1 (nothing was deleted) and "
                                        "a new, empty history was started.")
                                        .arg(result.movedAsidePath);
        return std::move(result);
    }
};

OpenResult HistoryStore::open(const QString& path, const OpenOptions& options) {
    StoreOpener opener{QFileInfo(path).absoluteFilePath(), options, {}, {}};
    try {
        return opener.run();
    } catch (const HistoryError& error) {
        // Only the in-memory fallback itself can get here.
        OpenResult result;
        result.outcome = OpenOutcome::Unavailable;
        result.message = error.message();
        return result;
    }
}

HistoryStore::HistoryStore(std::unique_ptr<sql::Db> db, std::shared_ptr<QLockFile> lock,
                           QByteArray vfs, int busyTimeoutMs)
    : db_(std::move(db)),
      lock_(std::move(lock)),
      vfs_(std::move(vfs)),
      busyTimeoutMs_(busyTimeoutMs) {}

HistoryStore::~HistoryStore() = default;

std::unique_ptr<HistoryStore> HistoryStore::openConnection() const {
    const bool uri = db_->path().startsWith(QLatin1String("file:"));
    int flags = isReadOnly() ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (uri) flags |= SQLITE_OPEN_URI;
    auto db = std::make_unique<sql::Db>(db_->path(), flags, vfs_);
    configure(*db, busyTimeoutMs_);
    if (!isReadOnly()) db->exec("PRAGMA synchronous = FULL", QStringLiteral("configure it"));
    return std::unique_ptr<HistoryStore>(
        new HistoryStore(std::move(db), lock_, vfs_, busyTimeoutMs_));
}

QString HistoryStore::path() const {
    return db_->path();
}
bool HistoryStore::isReadOnly() const {
    return db_->isReadOnly();
}

QString HistoryStore::integrityCheck() {
    db_->setAction(QStringLiteral("check it"));
    QStringList lines;
    try {
        sql::Stmt stmt = db_->prepare("PRAGMA integrity_check");
        while (stmt.step()) lines << stmt.text(0);
    } catch (const HistoryError& error) {
        // Damage bad enough to stop the check is still an answer, not a failure.
        if (error.kind() != ErrorKind::Corrupt) throw;
        lines << error.message();
    }
    return lines.join(QLatin1Char('\n'));
}

}  // namespace siliang::history
