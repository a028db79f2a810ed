#include "faultvfs.h"

#include <sqlite3.h>

#include <atomic>
#include <cstring>
#include <mutex>

namespace siliang::history::test {

namespace {

struct State {
    std::mutex mutex;
    FaultPlan plan;
    qint64 written = 0;
    int failed = 0;
};
State& state() {
    static State s;
    return s;
}

sqlite3_vfs* realVfs(sqlite3_vfs* vfs) {
    return static_cast<sqlite3_vfs*>(vfs->pAppData);
}

struct FaultFile {
    sqlite3_file base;
    sqlite3_file* real;
};
sqlite3_file* real(sqlite3_file* file) {
    return reinterpret_cast<FaultFile*>(file)->real;
}

int xClose(sqlite3_file* f) {
    return real(f)->pMethods->xClose(real(f));
}
int xRead(sqlite3_file* f, void* buffer, int amount, sqlite3_int64 offset) {
    return real(f)->pMethods->xRead(real(f), buffer, amount, offset);
}
int xWrite(sqlite3_file* f, const void* buffer, int amount, sqlite3_int64 offset) {
    {
        State& s = state();
        std::lock_guard lock(s.mutex);
        if (s.plan.writeError != 0 && s.written + amount > s.plan.failAfterBytes) {
            ++s.failed;
            return s.plan.writeError;
        }
        s.written += amount;
    }
    return real(f)->pMethods->xWrite(real(f), buffer, amount, offset);
}
int xTruncate(sqlite3_file* f, sqlite3_int64 size) {
    return real(f)->pMethods->xTruncate(real(f), size);
}
int xSync(sqlite3_file* f, int flags) {
    {
        State& s = state();
        std::lock_guard lock(s.mutex);
        if (s.plan.failSync) {
            ++s.failed;
            return SQLITE_IOERR_FSYNC;
        }
    }
    return real(f)->pMethods->xSync(real(f), flags);
}
int xFileSize(sqlite3_file* f, sqlite3_int64* size) {
    return real(f)->pMethods->xFileSize(real(f), size);
}
int xLock(sqlite3_file* f, int level) {
    return real(f)->pMethods->xLock(real(f), level);
}
int xUnlock(sqlite3_file* f, int level) {
    return real(f)->pMethods->xUnlock(real(f), level);
}
int xCheckReservedLock(sqlite3_file* f, int* out) {
    return real(f)->pMethods->xCheckReservedLock(real(f), out);
}
int xFileControl(sqlite3_file* f, int op, void* arg) {
    return real(f)->pMethods->xFileControl(real(f), op, arg);
}
int xSectorSize(sqlite3_file* f) {
    return real(f)->pMethods->xSectorSize(real(f));
}
int xDeviceCharacteristics(sqlite3_file* f) {
    return real(f)->pMethods->xDeviceCharacteristics(real(f));
}
int xShmMap(sqlite3_file* f, int page, int size, int extend, void volatile** out) {
    return real(f)->pMethods->xShmMap(real(f), page, size, extend, out);
}
int xShmLock(sqlite3_file* f, int offset, int n, int flags) {
    return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
}
void xShmBarrier(sqlite3_file* f) {
    real(f)->pMethods->xShmBarrier(real(f));
}
int xShmUnmap(sqlite3_file* f, int deleteFlag) {
    return real(f)->pMethods->xShmUnmap(real(f), deleteFlag);
}
int xFetch(sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
    return real(f)->pMethods->xFetch(real(f), offset, amount, out);
}
int xUnfetch(sqlite3_file* f, sqlite3_int64 offset, void* pointer) {
    return real(f)->pMethods->xUnfetch(real(f), offset, pointer);
}

const sqlite3_io_methods kMethods = {3,
                                     xClose,
                                     xRead,
                                     xWrite,
                                     xTruncate,
                                     xSync,
                                     xFileSize,
                                     xLock,
                                     xUnlock,
                                     xCheckReservedLock,
                                     xFileControl,
                                     xSectorSize,
                                     xDeviceCharacteristics,
                                     xShmMap,
                                     xShmLock,
                                     xShmBarrier,
                                     xShmUnmap,
                                     xFetch,
                                     xUnfetch};

int vfsOpen(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* file, int flags, int* outFlags) {
    auto* wrapper = reinterpret_cast<FaultFile*>(file);
    wrapper->base.pMethods = nullptr;
    wrapper->real = reinterpret_cast<sqlite3_file*>(wrapper + 1);
    {
        State& s = state();
        std::lock_guard lock(s.mutex);
        if (s.plan.readOnlyMainDb && (flags & SQLITE_OPEN_MAIN_DB))
            flags = (flags & ~(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_READONLY;
    }
    const int rc = realVfs(vfs)->xOpen(realVfs(vfs), name, wrapper->real, flags, outFlags);
    if (wrapper->real->pMethods) {
        // Version 3 methods are forwarded as they are; the unix VFS has them all.
        wrapper->base.pMethods = &kMethods;
    }
    return rc;
}

int vfsDelete(sqlite3_vfs* v, const char* name, int syncDir) {
    return realVfs(v)->xDelete(realVfs(v), name, syncDir);
}
int vfsAccess(sqlite3_vfs* v, const char* name, int flags, int* out) {
    return realVfs(v)->xAccess(realVfs(v), name, flags, out);
}
int vfsFullPathname(sqlite3_vfs* v, const char* name, int n, char* out) {
    return realVfs(v)->xFullPathname(realVfs(v), name, n, out);
}
void* vfsDlOpen(sqlite3_vfs* v, const char* name) {
    return realVfs(v)->xDlOpen(realVfs(v), name);
}
void vfsDlError(sqlite3_vfs* v, int n, char* out) {
    realVfs(v)->xDlError(realVfs(v), n, out);
}
void (*vfsDlSym(sqlite3_vfs* v, void* handle, const char* symbol))(void) {
    return realVfs(v)->xDlSym(realVfs(v), handle, symbol);
}
void vfsDlClose(sqlite3_vfs* v, void* handle) {
    realVfs(v)->xDlClose(realVfs(v), handle);
}
int vfsRandomness(sqlite3_vfs* v, int n, char* out) {
    return realVfs(v)->xRandomness(realVfs(v), n, out);
}
int vfsSleep(sqlite3_vfs* v, int micro) {
    return realVfs(v)->xSleep(realVfs(v), micro);
}
int vfsCurrentTime(sqlite3_vfs* v, double* out) {
    return realVfs(v)->xCurrentTime(realVfs(v), out);
}
int vfsGetLastError(sqlite3_vfs* v, int n, char* out) {
    return realVfs(v)->xGetLastError(realVfs(v), n, out);
}
int vfsCurrentTimeInt64(sqlite3_vfs* v, sqlite3_int64* out) {
    return realVfs(v)->xCurrentTimeInt64(realVfs(v), out);
}

}  // namespace

const char* faultVfs() {
    static const char* name = [] {
        static sqlite3_vfs vfs;
        sqlite3_vfs* base = sqlite3_vfs_find(nullptr);
        std::memset(&vfs, 0, sizeof vfs);
        vfs.iVersion = 2;
        vfs.szOsFile = int(sizeof(FaultFile)) + base->szOsFile;
        vfs.mxPathname = base->mxPathname;
        vfs.zName = "siliang-fault";
        vfs.pAppData = base;
        vfs.xOpen = vfsOpen;
        vfs.xDelete = vfsDelete;
        vfs.xAccess = vfsAccess;
        vfs.xFullPathname = vfsFullPathname;
        vfs.xDlOpen = vfsDlOpen;
        vfs.xDlError = vfsDlError;
        vfs.xDlSym = vfsDlSym;
        vfs.xDlClose = vfsDlClose;
        vfs.xRandomness = vfsRandomness;
        vfs.xSleep = vfsSleep;
        vfs.xCurrentTime = vfsCurrentTime;
        vfs.xGetLastError = vfsGetLastError;
        vfs.xCurrentTimeInt64 = vfsCurrentTimeInt64;
        sqlite3_vfs_register(&vfs, 0);
        return vfs.zName;
    }();
    return name;
}

void setFaults(const FaultPlan& plan) {
    State& s = state();
    std::lock_guard lock(s.mutex);
    s.plan = plan;
    s.written = 0;
    s.failed = 0;
}

void clearFaults() {
    setFaults({});
}

int failedWrites() {
    State& s = state();
    std::lock_guard lock(s.mutex);
    return s.failed;
}

}  // namespace siliang::history::test
