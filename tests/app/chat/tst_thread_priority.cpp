// lowerThisThreadPriority (threadpriority.h): on Linux the calling thread's nice value goes
// up by 5 (to at most 19) while the other threads keep theirs, and threads it creates
// afterwards inherit it (the CPU backend's pool is created on the engine thread).
#include <QtTest>

#include <thread>

#include "threadpriority.h"

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

class TestThreadPriority : public QObject {
    Q_OBJECT

private slots:
    void lowersOnlyTheCallingThreadAndItsChildren() {
#if defined(__linux__)
        const auto nice_of_this_thread = [] {
            return getpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)));
        };
        const int before = nice_of_this_thread();
        int lowered = -100, child = -100;
        bool ok = false;
        std::thread t([&] {
            ok = siliang::app::lowerThisThreadPriority();
            lowered = nice_of_this_thread();
            std::thread grandchild([&] { child = nice_of_this_thread(); });
            grandchild.join();
        });
        t.join();
        QVERIFY(ok);
        QCOMPARE(lowered, std::min(before + 5, 19));
        QCOMPARE(child, lowered);
        QCOMPARE(nice_of_this_thread(), before);
#else
        QSKIP("nice values are Linux's; elsewhere the call maps to the OS's own classes");
#endif
    }
};

QTEST_APPLESS_MAIN(TestThreadPriority)
#include "tst_thread_priority.moc"
