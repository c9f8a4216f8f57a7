// permessage-deflate against two independent servers started by the test on loopback:
// Node's `ws` and Python's `websockets`. The feed must agree compression, go live and decode
// Coinbase tickers through the real codec with context takeover on and off, with fragmented
// compressed messages, and close a deflate bomb with 1009 and reconnect. With compression
// "off" no extension is offered. A missing peer fails the test: bootstrap installs them.
#include "core/codec/CoinbaseCodec.h"
#include "core/feed/FeedConnection.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

using namespace feeddeck;
using feed::FeedConnection;
using feed::FeedState;

namespace {

constexpr int kWait = 10000;
constexpr int kTickers = 30;

// One peer server process: started with its arguments, its port read from the first line.
class Peer
{
public:
    ~Peer()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    // Empty when the server runs; otherwise why not, for the test's failure message.
    QString start(const QString &peer, const QStringList &args)
    {
        QString program;
        QStringList all;
        if (peer == QLatin1String("node")) {
            program = QStandardPaths::findExecutable(QStringLiteral("node"));
            if (program.isEmpty())
                return QStringLiteral("node is not installed; run packaging/bootstrap.sh (it installs nodejs)");
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("NODE_PATH"), QStringLiteral(FEEDDECK_NODE_MODULES));
            m_process.setProcessEnvironment(env);
            all << QStringLiteral(FEEDDECK_INTEROP_DIR "/deflate_server.js");
        } else {
            // Debian's Python with python3-websockets, not whatever python3 is first on PATH.
            program = QStringLiteral("/usr/bin/python3");
            if (!QFileInfo::exists(program))
                return QStringLiteral("/usr/bin/python3 is missing; run packaging/bootstrap.sh");
            all << QStringLiteral(FEEDDECK_INTEROP_DIR "/deflate_server.py");
        }
        m_process.start(program, all + args);
        if (!m_process.waitForStarted(kWait))
            return QStringLiteral("%1 did not start: %2").arg(program, m_process.errorString());
        const QJsonObject first = nextLine();
        if (!first.contains(QStringLiteral("port")))
            return QStringLiteral("the %1 server did not print its port: %2")
                .arg(peer, QString::fromUtf8(m_process.readAllStandardError()).trimmed());
        m_port = quint16(first.value(QStringLiteral("port")).toInt());
        return {};
    }

    // The next JSON line the server prints, waiting for it within kWait; empty if none came.
    // Waits in an event loop: the feed under test runs on this thread too.
    QJsonObject nextLine()
    {
        QSignalSpy output(&m_process, &QProcess::readyReadStandardOutput);
        QElapsedTimer timer;
        timer.start();
        while (!m_process.canReadLine() && timer.elapsed() < kWait && m_process.state() == QProcess::Running)
            output.wait(int(kWait - timer.elapsed()));
        if (!m_process.canReadLine())
            return {};
        return QJsonDocument::fromJson(m_process.readLine()).object();
    }

    [[nodiscard]] QUrl url() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(m_port)); }

private:
    QProcess m_process;
    quint16 m_port = 0;
};

workspace::FeedConfig configFor(const QUrl &url)
{
    workspace::FeedConfig c;
    c.id = QStringLiteral("crypto");
    c.name = QStringLiteral("Crypto");
    c.protocol = QStringLiteral("coinbase");
    c.url = url;
    c.symbols = {QStringLiteral("BTC-USD")};
    c.reconnect = {.initialMs = 50, .maxMs = 200};
    c.handshakeTimeoutMs = 5000;
    return c;
}

std::unique_ptr<FeedConnection> makeConnection(const workspace::FeedConfig &config)
{
    return std::make_unique<FeedConnection>(config, std::make_unique<codec::CoinbaseCodec>(),
                                            feed::ConnectionTiming{.stableLiveMs = 60000, .retrySeed = 7});
}

void addPeers()
{
    QTest::addColumn<QString>("peer");
    QTest::newRow("node ws") << QStringLiteral("node");
    QTest::newRow("python websockets") << QStringLiteral("python");
}

} // namespace

class TstDeflateInterop : public QObject
{
    Q_OBJECT

private slots:
    void compressedTickersDecode_data();
    void compressedTickersDecode();
    void bombClosesWith1009AndTheFeedReconnects_data() { addPeers(); }
    void bombClosesWith1009AndTheFeedReconnects();
    void compressionOffSendsNoOffer_data() { addPeers(); }
    void compressionOffSendsNoOffer();
};

void TstDeflateInterop::compressedTickersDecode_data()
{
    QTest::addColumn<QString>("peer");
    QTest::addColumn<QStringList>("args");
    for (const QString &peer : {QStringLiteral("node"), QStringLiteral("python")}) {
        const QByteArray name = peer.toUtf8();
        QTest::newRow(name + ", context takeover") << peer << QStringList();
        QTest::newRow(name + ", server_no_context_takeover")
            << peer << QStringList{QStringLiteral("--server-no-context-takeover")};
        QTest::newRow(name + ", client_no_context_takeover")
            << peer << QStringList{QStringLiteral("--client-no-context-takeover")};
        QTest::newRow(name + ", fragmented") << peer << QStringList{QStringLiteral("--fragment")};
    }
}

void TstDeflateInterop::compressedTickersDecode()
{
    QFETCH(QString, peer);
    QFETCH(QStringList, args);
    Peer server;
    if (const QString problem = server.start(peer, args << QStringLiteral("--tickers") << QString::number(kTickers));
        !problem.isEmpty())
        QFAIL(qPrintable(problem));

    auto c = makeConnection(configFor(server.url()));
    QList<data::Update> updates;
    c->setUpdateSink([&updates](const QList<data::Update> &batch) { updates.append(batch); });
    c->start();

    const QJsonObject hello = server.nextLine();
    QCOMPARE(hello.value(QStringLiteral("offer")).toString(), QStringLiteral("permessage-deflate; client_max_window_bits"));
    const QString agreed = hello.value(QStringLiteral("agreed")).toString();
    QVERIFY2(agreed.startsWith(QStringLiteral("permessage-deflate")), qPrintable(agreed));
    // websockets prints its whole response header (ws only the extension's name).
    for (const QString &arg : std::as_const(args))
        if (peer == QLatin1String("python") && arg.endsWith(QLatin1String("context-takeover")))
            QVERIFY2(agreed.contains(arg.mid(2).replace(u'-', u'_')), qPrintable(agreed));

    QTRY_COMPARE_WITH_TIMEOUT(updates.size(), kTickers, kWait);
    QCOMPARE(c->state(), FeedState::Live);
    for (int i = 0; i < kTickers; ++i)
        QCOMPARE(updates.at(i).field(data::fields::kPrice)->value, 1000.0 + i);
    const feed::FeedCounters &n = c->status().counters;
    QCOMPARE(n.badMessages, 0u);
    QCOMPARE(n.connects, 1u);
    QCOMPARE(n.messages, quint64(kTickers + 1)); // and the ack
    // Received compressed: even with the handshake, fewer bytes came in than were decoded.
    QVERIFY2(n.wireBytes > 0 && n.wireBytes < n.bytes,
             qPrintable(QStringLiteral("wire %1, inflated %2").arg(n.wireBytes).arg(n.bytes)));
}

void TstDeflateInterop::bombClosesWith1009AndTheFeedReconnects()
{
    QFETCH(QString, peer);
    Peer server;
    // 8 MiB of spaces compress to a few KiB, far below the 64 KiB limit on the wire.
    if (const QString problem = server.start(peer, {QStringLiteral("--bomb-bytes"), QString::number(8 * 1024 * 1024),
                                                    QStringLiteral("--tickers"), QString::number(kTickers)});
        !problem.isEmpty())
        QFAIL(qPrintable(problem));

    workspace::FeedConfig config = configFor(server.url());
    config.maxMessageBytes = 64 * 1024;
    auto c = makeConnection(config);
    QList<data::Update> updates;
    c->setUpdateSink([&updates](const QList<data::Update> &batch) { updates.append(batch); });
    c->start();

    QTRY_COMPARE_WITH_TIMEOUT(c->status().counters.oversize, 1u, kWait);
    QCOMPARE(c->status().lastError,
             QStringLiteral("a message exceeded max_message_bytes (65536 bytes); connection closed (1009)"));
    // The second connection gets tickers, not the bomb.
    QTRY_COMPARE_WITH_TIMEOUT(updates.size(), kTickers, kWait);
    QCOMPARE(c->status().counters.connects, 2u);
    QCOMPARE(c->state(), FeedState::Live);
    QVERIFY(c->status().counters.bytes < 64u * 1024u); // the bomb was never handed on
}

void TstDeflateInterop::compressionOffSendsNoOffer()
{
    QFETCH(QString, peer);
    Peer server;
    if (const QString problem = server.start(peer, {QStringLiteral("--tickers"), QString::number(kTickers)});
        !problem.isEmpty())
        QFAIL(qPrintable(problem));

    workspace::FeedConfig config = configFor(server.url());
    config.compression = workspace::Compression::Off;
    auto c = makeConnection(config);
    QList<data::Update> updates;
    c->setUpdateSink([&updates](const QList<data::Update> &batch) { updates.append(batch); });
    c->start();

    const QJsonObject hello = server.nextLine();
    QCOMPARE(hello.value(QStringLiteral("offer")).toString(), QString());
    QCOMPARE(hello.value(QStringLiteral("agreed")).toString(), QString());
    QTRY_COMPARE_WITH_TIMEOUT(updates.size(), kTickers, kWait);
    QCOMPARE(updates.constLast().field(data::fields::kPrice)->value, 1000.0 + kTickers - 1);
    QVERIFY(c->status().counters.wireBytes > c->status().counters.bytes); // frame headers and handshake on top
}

QTEST_GUILESS_MAIN(TstDeflateInterop)
#include "tst_deflateinterop.moc"
