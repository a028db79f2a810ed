// The database schema and its migrations. Version N of the schema is what
// migrations 1..N produce, applied in order; `PRAGMA user_version` records the
// last one applied. Each migration runs in its own transaction together with the
// user_version bump, so a crash or a full disk mid-upgrade leaves the previous
// version intact.
#pragma once

namespace siliang::history {
namespace sql {
class Db;
}

namespace schema {

// The version this build writes. Databases with a larger user_version come from a
// newer Siliang and are not touched.
constexpr int kCurrentVersion = 3;

int userVersion(sql::Db& db);
// Applies migrations from userVersion(db) up to kCurrentVersion.
void migrate(sql::Db& db);

}  // namespace schema
}  // namespace siliang::history
