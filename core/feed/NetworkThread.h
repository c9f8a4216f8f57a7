#pragma once

#include <QDeadlineTimer>
#include <QThread>

#include <atomic>

namespace feeddeck::feed {

// The thread the feeds run on: a QThread whose stop() returns only once the system thread
// has really ended.
//
// Qt 6.4 starts every QThread detached, and QThread::wait() returns as soon as run() has
// returned and the thread's event dispatcher is gone. The thread then still runs its
// thread_local and pthread-key destructors, which free memory of libraries it used (OpenSSL's
// per-thread error and random state once a socket was opened, GLib's thread data). When
// main() returns in that window, exit() frees the same libraries' global state on the main
// thread at the same time (OpenSSL's atexit cleanup), and the heap is corrupted; a busy
// machine makes the window long enough to hit. So stop() also waits until the kernel no
// longer knows the thread (Linux; elsewhere it is QThread::wait()).
class NetworkThread : public QThread
{
    Q_OBJECT

public:
    explicit NetworkThread(QObject *parent = nullptr);
    // Stops the thread when it still runs: destroying a running QThread aborts the process.
    ~NetworkThread() override;

    // Ends the event loop from outside (quit()) and waits, as stopped() does.
    [[nodiscard]] bool stop(QDeadlineTimer deadline);
    // Waits for a thread whose loop was told to end (by quit() on any thread) until it has
    // ended completely, destructors of its thread-local data included; false on timeout.
    [[nodiscard]] bool stopped(QDeadlineTimer deadline);

protected:
    void run() override;

private:
    std::atomic<long> m_systemId = 0; // the kernel's id of the running thread; 0 before run()
};

} // namespace feeddeck::feed
