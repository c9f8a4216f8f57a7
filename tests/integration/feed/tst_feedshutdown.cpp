// Stopping the network thread: the feeds close before the worker goes, the worker and its
// history are gone when shutdown() returns, and so is the thread itself, down to the
// destructors of its thread-local data (which free memory of libraries such as OpenSSL
// that exit() frees as well). Run repeatedly, as a desk starts and stops FeedDeck, and
// under ThreadSanitizer in CI (packaging/ci-tsan.sh).
#include "core/feed/FeedManager.h"
#include "core/feed/NetworkThread.h"
#include "core/sim/LocalSimulator.h"
#include "core/store/ChunkPool.h"

#include <QWebSocket>
#include <QWebSocketServer>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

using namespace feeddeck;
using feed::FeedManager;
using feed::FeedState;

namespace {

constexpr int kWait = 10000;

// Destroyed at the exit of the thread that used it, slowly, as on a busy machine.
std::atomic<int> g_slowExitsDone = 0;
struct SlowThreadExit
{
    bool armed = false;
    ~SlowThreadExit()
    {
        if (!armed)
            return;
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        g_slowExitsDone.fetch_add(1);
    }
};
thread_local SlowThreadExit t_slowExit;

// Runs `fn` on `thread` and waits for it.
template<typename Fn>
void runOn(QThread *thread, Fn fn)
{
    QObject context;
    QThread *home = QThread::currentThread();
    context.moveToThread(thread);
    QMetaObject::invokeMethod(&context, [&context, home, fn] {
        fn();
        context.moveToThread(home); // destroyed there
    }, Qt::BlockingQueuedConnection);
}

workspace::Workspace simMarket()
{
    workspace::FeedConfig c;
    c.id = QStringLiteral("crypto");
    c.name = QStringLiteral("Crypto");
    c.protocol = QStringLiteral("coinbase");
    c.url = QUrl(QStringLiteral("sim://market"));
    c.symbols = {QStringLiteral("BTC-USD"), QStringLiteral("ETH-USD"), QStringLiteral("SOL-USD")};
    workspace::Workspace ws;
    ws.feeds.append(c);
    return ws;
}

// The engine as the application runs it: sim:// feeds on the simulator in this process.
feed::FeedWorker::Options withSimulator()
{
    feed::FeedWorker::Options options;
    options.urlResolver = sim::urlResolver;
    return options;
}

workspace::Workspace coinbaseAt(const QUrl &url)
{
    workspace::Workspace ws = simMarket();
    ws.feeds[0].url = url;
    ws.feeds[0].symbols = {QStringLiteral("BTC-USD")};
    return ws;
}

} // namespace

class TstFeedShutdown : public QObject
{
    Q_OBJECT

private slots:
    void stopWaitsForTheThreadsOwnDestructors();
    void shutdownLeavesNoNetworkThreadNorHistoryBehind();
    void feedsCloseEvenWhenTheNetworkThreadIsBusyAtShutdown();
};

void TstFeedShutdown::stopWaitsForTheThreadsOwnDestructors()
{
    // QThread::wait() (Qt 6.4) is back before these destructors ran; exit() must not run beside them.
    feed::NetworkThread thread;
    thread.start();
    const int before = g_slowExitsDone.load();
    runOn(&thread, [] { t_slowExit.armed = true; });
    QVERIFY(thread.stop(QDeadlineTimer(kWait)));
    QCOMPARE(g_slowExitsDone.load(), before + 1);
}

void TstFeedShutdown::shutdownLeavesNoNetworkThreadNorHistoryBehind()
{
    const std::size_t chunksBefore = store::ChunkPool::shared().chunksInUse();
    for (int cycle = 0; cycle < 8; ++cycle) {
        FeedManager feeds(withSimulator());
        feed::EngineBatchPtr last;
        connect(&feeds, &FeedManager::batchReady, this, [&last](const feed::EngineBatchPtr &b) { last = b; });
        feeds.start(simMarket());
        QTRY_VERIFY_WITH_TIMEOUT(last && !last->feeds.isEmpty() && last->feeds.at(0).state == FeedState::Live
                                     && last->feeds.at(0).counters.updates > 0,
                                 kWait);
        // The answer of a request still on its way when the feeds stop is harmless.
        feeds.requestSnapshot([](const feed::SnapshotPtr &) {});

        const int before = g_slowExitsDone.load();
        runOn(feeds.networkThread(), [] { t_slowExit.armed = true; });
        feeds.shutdown();
        QVERIFY(!feeds.isRunning());
        QCOMPARE(g_slowExitsDone.load(), before + 1); // the thread has ended completely
        // The worker was deleted on its thread, history and all, before shutdown() returned.
        QCOMPARE(store::ChunkPool::shared().chunksInUse(), chunksBefore);
    }
}

void TstFeedShutdown::feedsCloseEvenWhenTheNetworkThreadIsBusyAtShutdown()
{
    QWebSocketServer server(QStringLiteral("coinbase"), QWebSocketServer::NonSecureMode);
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QList<QWebSocket *> clients;
    int closedNormally = 0;
    int closedOtherwise = 0;
    connect(&server, &QWebSocketServer::newConnection, this, [&] {
        QWebSocket *socket = server.nextPendingConnection();
        clients.append(socket);
        connect(socket, &QWebSocket::disconnected, this, [&, socket] {
            if (socket->closeCode() == QWebSocketProtocol::CloseCodeNormal)
                ++closedNormally;
            else
                ++closedOtherwise;
        });
    });
    const QUrl url(QStringLiteral("ws://127.0.0.1:%1/").arg(server.serverPort()));

    FeedManager feeds;
    feed::EngineBatchPtr last;
    connect(&feeds, &FeedManager::batchReady, this, [&last](const feed::EngineBatchPtr &b) { last = b; });
    feeds.start(coinbaseAt(url));
    // Open and subscribing (this server never confirms the subscription).
    QTRY_VERIFY_WITH_TIMEOUT(last && !last->feeds.isEmpty() && last->feeds.at(0).state == FeedState::Subscribing, kWait);
    QCOMPARE(clients.size(), 1);

    // The network thread is inside a call when shutdown() asks it to close the feeds and
    // stop: the request arrives during one iteration of its loop, to be taken in the next.
    QObject context;
    QThread *home = QThread::currentThread();
    context.moveToThread(feeds.networkThread());
    std::atomic<bool> busy = false;
    QMetaObject::invokeMethod(&context, [&context, &busy, home] {
        busy = true;
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        context.moveToThread(home);
    }, Qt::QueuedConnection);
    QTRY_VERIFY_WITH_TIMEOUT(busy.load(), kWait);
    feeds.shutdown();

    // The feed was closed with its close frame, not dropped by a worker deleted with it open.
    QTRY_COMPARE_WITH_TIMEOUT(closedNormally + closedOtherwise, 1, kWait);
    QCOMPARE(closedNormally, 1);
    QCOMPARE(clients.constFirst()->closeReason(), QStringLiteral("feed disabled"));
    qDeleteAll(clients);
}

QTEST_GUILESS_MAIN(TstFeedShutdown)
#include "tst_feedshutdown.moc"
