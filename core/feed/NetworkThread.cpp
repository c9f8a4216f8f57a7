#include "core/feed/NetworkThread.h"

#include "core/feed/Logging.h"

#include <chrono>
#include <thread>

#if defined(Q_OS_LINUX)
#include <cerrno>
#include <csignal>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace feeddeck::feed {

namespace {

#if defined(Q_OS_LINUX)
// Whether the kernel still has the thread `systemId` of this process. Signal 0 only checks.
bool threadAlive(long systemId)
{
    if (::syscall(SYS_tgkill, long(::getpid()), systemId, 0) == 0)
        return true;
    return errno != ESRCH; // anything else (never expected) counts as gone rather than hanging
}
#endif

} // namespace

NetworkThread::NetworkThread(QObject *parent)
    : QThread(parent)
{
}

NetworkThread::~NetworkThread()
{
    if (!isRunning() && m_systemId.load() == 0)
        return;
    if (!stop(QDeadlineTimer(5000))) {
        qCWarning(lcFeed) << objectName() << "did not stop within 5 s; waiting for it";
        wait(); // ~QThread aborts the process while the thread runs
    }
}

void NetworkThread::run()
{
#if defined(Q_OS_LINUX)
    m_systemId.store(long(::gettid()));
#endif
    QThread::run(); // the event loop
}

bool NetworkThread::stop(QDeadlineTimer deadline)
{
    quit();
    return stopped(deadline);
}

bool NetworkThread::stopped(QDeadlineTimer deadline)
{
    if (!wait(deadline))
        return false;
#if defined(Q_OS_LINUX)
    // wait() is back once run() has returned; the thread's destructors may still be running.
    if (const long id = m_systemId.load(); id != 0) {
        while (threadAlive(id)) {
            if (deadline.hasExpired())
                return false;
            std::this_thread::sleep_for(std::chrono::microseconds(100));
        }
        m_systemId.store(0);
    }
#endif
    return true;
}

} // namespace feeddeck::feed
