// A fault-injecting SQLite VFS for tests: wraps the default VFS and, on command,
// fails writes with SQLITE_FULL (a full disk) or SQLITE_IOERR_WRITE after a byte
// budget, fails fsync, or opens the main database read-only (what a read-only file
// looks like to SQLite, even when the tests run as root).
#pragma once

#include <QtGlobal>

namespace siliang::history::test {

// Registers the VFS (once) and returns its name for OpenOptions::vfs.
const char* faultVfs();

struct FaultPlan {
    int writeError = 0;           // SQLITE_FULL, SQLITE_IOERR_WRITE, ... (0: none)
    qint64 failAfterBytes = 0;    // writes succeed until this many bytes were written
    bool failSync = false;        // xSync returns SQLITE_IOERR_FSYNC
    bool readOnlyMainDb = false;  // main database files open read-only
};

// The byte budget counts from the moment the plan is set.
void setFaults(const FaultPlan& plan);
void clearFaults();
// Writes that were refused since the plan was set.
int failedWrites();

}  // namespace siliang::history::test
