// "Test connection" in the feed editor, against real in-process WebSocket servers on 127.0.0.1:
// what a working feed reports, and the plain-words failure of a refused port and of a server
// that closes with an error code.
#include "../../integration/support/TestFeedServer.h"
#include "app/editor/ConnectionTester.h"
#include "app/editor/FeedEditor.h"
#include "app/editor/WorkspaceDocument.h"
#include "app/health/FeedStatusModel.h"
#include "core/feed/FeedManager.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QtTest>

using namespace feeddeck;
using app::editor::ConnectionTester;
using app::editor::FeedEditor;
using app::editor::WorkspaceDocument;

namespace {

// A Coinbase feed at `url`, switched off so that only the test connects.
workspace::Workspace workspaceAt(const QUrl &url)
{
    workspace::FeedConfig feed;
    feed.id = QStringLiteral("crypto");
    feed.name = QStringLiteral("Crypto");
    feed.protocol = QStringLiteral("coinbase");
    feed.url = url;
    feed.symbols = {QStringLiteral("BTC-USD")};
    feed.enabled = false;
    workspace::FeedConfig other = feed;
    other.id = QStringLiteral("other");
    workspace::Workspace workspace;
    workspace.feeds = {feed, other};
    return workspace;
}

// A port on 127.0.0.1 where nothing listens (taken, then given back).
quint16 refusedPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost))
        return 0;
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

struct Rig
{
    feed::FeedManager engine;
    app::health::FeedStatusModel status;
    WorkspaceDocument document{engine};
    FeedEditor editor{document, status};
    ConnectionTester tester{engine, editor};

    explicit Rig(const QUrl &url)
    {
        document.open(workspaceAt(url), {}, false, QStringLiteral("a test workspace"));
        editor.edit(QStringLiteral("crypto"));
    }
};

} // namespace

class TstConnectionTester : public QObject
{
    Q_OBJECT

private slots:
    void aWorkingFeedReportsTheHandshakeAndItsValues();
    void aRefusedPortIsAPlainFailure();
    void aServerClosingWithAnErrorCodeIsAFailure();
    void invalidSettingsAreNotTried();
    void aResultBelongsToTheFeedItWasTakenFor();
};

void TstConnectionTester::aWorkingFeedReportsTheHandshakeAndItsValues()
{
    testing::TestFeedServer server;
    QVERIFY(server.listen());
    // Answers the subscription with enough tickers for the test to report at once.
    connect(&server, &testing::TestFeedServer::frameReceived, &server, [&server](const QJsonObject &message) {
        if (message.value("type").toString() != QLatin1String("subscribe"))
            return;
        for (int i = 1; i <= 5; ++i)
            server.sendTicker(QStringLiteral("BTC-USD"), 100.0 + i, i);
    });
    Rig rig(server.url());
    QSignalSpy changed(&rig.tester, &ConnectionTester::changed);
    rig.tester.start();
    QVERIFY(rig.tester.isRunning());
    QVERIFY2(rig.tester.summary().startsWith("Connecting to ws://127.0.0.1:"), qPrintable(rig.tester.summary()));
    QTRY_VERIFY_WITH_TIMEOUT(rig.tester.hasResult(), 10000);
    QVERIFY2(rig.tester.isOk(), qPrintable(rig.tester.summary()));
    QVERIFY(!rig.tester.isRunning());
    QVERIFY2(rig.tester.summary().startsWith("Handshake OK in "), qPrintable(rig.tester.summary()));
    QVERIFY2(rig.tester.summary().contains(" messages received, "), qPrintable(rig.tester.summary()));
    QVERIFY2(rig.tester.summary().contains(" with values"), qPrintable(rig.tester.summary()));
    QVERIFY(!rig.tester.messages().isEmpty());
    QVERIFY(rig.tester.messages().constLast().contains("\"ticker\""));
    QCOMPARE(rig.tester.rawMessages().size(), rig.tester.messages().size());
    QCOMPARE(server.receivedOfType("subscribe").size(), 1);
    QCOMPARE(testing::TestFeedServer::productIds(server.receivedOfType("subscribe").constFirst()),
             QStringList{"BTC-USD"});
    QVERIFY(changed.count() >= 2); // started, then the result
    // A test applies nothing.
    QVERIFY(!rig.document.feed("crypto")->enabled);
}

void TstConnectionTester::aRefusedPortIsAPlainFailure()
{
    const quint16 port = refusedPort();
    QVERIFY(port != 0);
    Rig rig(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port)));
    rig.tester.start();
    QTRY_VERIFY_WITH_TIMEOUT(rig.tester.hasResult(), 10000);
    QVERIFY(!rig.tester.isOk());
    const QString summary = rig.tester.summary();
    QVERIFY2(!summary.contains("Handshake OK"), qPrintable(summary));
    QVERIFY2(summary.contains("refused", Qt::CaseInsensitive), qPrintable(summary));
    QVERIFY(rig.tester.messages().isEmpty());
}

void TstConnectionTester::aServerClosingWithAnErrorCodeIsAFailure()
{
    testing::TestFeedServer server;
    QVERIFY(server.listen());
    server.autoAck = false;
    connect(&server, &testing::TestFeedServer::frameReceived, &server, [&server](const QJsonObject &) {
        server.closeClients(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("no access for you"));
    });
    Rig rig(server.url());
    rig.tester.start();
    QTRY_VERIFY_WITH_TIMEOUT(rig.tester.hasResult(), 10000);
    QVERIFY(!rig.tester.isOk());
    const QString summary = rig.tester.summary();
    QVERIFY2(summary.startsWith("Handshake OK in "), qPrintable(summary)); // it got that far
    QVERIFY2(summary.contains("1008"), qPrintable(summary));
    QVERIFY2(summary.contains("no access for you"), qPrintable(summary));
}

void TstConnectionTester::invalidSettingsAreNotTried()
{
    testing::TestFeedServer server;
    QVERIFY(server.listen());
    Rig rig(server.url());
    rig.editor.setUrl(QStringLiteral("not a url"));
    rig.tester.start();
    QVERIFY(!rig.tester.isRunning());
    QCOMPARE(rig.tester.summary(), QStringLiteral("Fix the settings marked in red first"));
    QVERIFY(!rig.tester.isOk());
    QCOMPARE(server.connectionCount(), 0);
}

void TstConnectionTester::aResultBelongsToTheFeedItWasTakenFor()
{
    const quint16 port = refusedPort();
    QVERIFY(port != 0);
    Rig rig(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port)));
    rig.tester.start();
    QTRY_VERIFY_WITH_TIMEOUT(rig.tester.hasResult(), 10000);
    rig.editor.setName(QStringLiteral("Crypto desk")); // the same feed: the result stays
    QVERIFY(rig.tester.hasResult());
    rig.editor.edit(QStringLiteral("other"));
    QVERIFY(!rig.tester.hasResult());
    QCOMPARE(rig.tester.summary(), QString());
    rig.editor.close();
    QVERIFY(!rig.tester.hasResult());
}

QTEST_GUILESS_MAIN(TstConnectionTester)
#include "tst_connectiontester.moc"
