#pragma once

// Makes the next open() of this process fail with EMFILE ("Too many open files"), as a full
// descriptor table does, for as long as it lives. Unlike file permissions this stops root
// too, so tests of failed writes run the same in CI (which runs as root) as on a desk.
#include <QtGlobal>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

namespace feeddeck::testing {

class NoFreeFileHandle
{
public:
    NoFreeFileHandle()
    {
        if (::getrlimit(RLIMIT_NOFILE, &m_saved) != 0)
            return;
        // The lowest free descriptor is the one the next open() gets: allow only those below it.
        const int next = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (next < 0)
            return;
        ::close(next);
        rlimit limited = m_saved;
        limited.rlim_cur = rlim_t(next);
        m_active = ::setrlimit(RLIMIT_NOFILE, &limited) == 0;
    }
    ~NoFreeFileHandle()
    {
        if (m_active)
            ::setrlimit(RLIMIT_NOFILE, &m_saved);
    }
    NoFreeFileHandle(const NoFreeFileHandle &) = delete;
    NoFreeFileHandle &operator=(const NoFreeFileHandle &) = delete;

    [[nodiscard]] bool active() const noexcept { return m_active; }

private:
    rlimit m_saved{};
    bool m_active = false;
};

} // namespace feeddeck::testing
#endif
