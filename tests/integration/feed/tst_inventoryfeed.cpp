// The demo's "Warehouse stock" feed end to end: a real FeedConnection with the demo
// workspace's JSON mapping, against the built-in simulator's /inventory on 127.0.0.1.
#include "../support/TestTransport.h"
#include "core/codec/JsonMappingCodec.h"
#include "core/feed/FeedConnection.h"
#include "core/sim/SimServer.h"
#include "core/workspace/WorkspaceFile.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QtTest>

#include <cmath>
#include <memory>

using namespace feeddeck;
using codec::FrameKind;
using feed::FeedConnection;
using feed::FeedState;

namespace {

constexpr int kWait = 5000;
constexpr double kRateHz = 50.0;

// What each decoded frame turned out to be, in arrival order.
struct FrameLog
{
    struct Frame
    {
        FrameKind kind = FrameKind::Control;
        bool ack = false;
        bool issue = false;
        QStringList symbols;
    };
    QList<Frame> frames;

    [[nodiscard]] qsizetype count(FrameKind kind) const
    {
        return std::count_if(frames.cbegin(), frames.cend(), [kind](const Frame &f) { return f.kind == kind; });
    }
    // The first ack at or after `from`, or -1.
    [[nodiscard]] qsizetype ackFrom(qsizetype from) const
    {
        for (qsizetype i = from; i < frames.size(); ++i)
            if (frames.at(i).ack)
                return i;
        return -1;
    }
};

// Forwards everything to the real codec and notes what each frame was, so a test can
// tell where the server's acks fall in the stream.
class LoggingCodec final : public codec::FeedCodec
{
public:
    LoggingCodec(std::unique_ptr<codec::FeedCodec> inner, std::shared_ptr<FrameLog> log)
        : m_inner(std::move(inner))
        , m_log(std::move(log))
    {
    }

    [[nodiscard]] QString protocol() const override { return m_inner->protocol(); }
    [[nodiscard]] QList<QByteArray> subscribeMessages(const QStringList &symbols) override
    {
        return m_inner->subscribeMessages(symbols);
    }
    [[nodiscard]] QList<QByteArray> unsubscribeMessages(const QStringList &symbols) override
    {
        return m_inner->unsubscribeMessages(symbols);
    }
    [[nodiscard]] bool expectsSubscriptionAck() const override { return m_inner->expectsSubscriptionAck(); }
    [[nodiscard]] QString displaySymbol(const QString &configured) const override
    {
        return m_inner->displaySymbol(configured);
    }
    [[nodiscard]] codec::DecodeResult decode(QByteArrayView frame, qint64 receivedMs) override
    {
        codec::DecodeResult result = m_inner->decode(frame, receivedMs);
        FrameLog::Frame entry{.kind = result.kind, .ack = result.subscriptionAck, .issue = !result.issues.isEmpty(),
                              .symbols = {}};
        for (const data::Update &update : std::as_const(result.updates))
            entry.symbols.append(update.symbol);
        m_log->frames.append(entry);
        return result;
    }

private:
    std::unique_ptr<codec::FeedCodec> m_inner;
    std::shared_ptr<FrameLog> m_log;
};

// The "stock" feed of the demo workspace, as a user gets it.
workspace::FeedConfig demoStockFeed()
{
    const workspace::LoadResult demo = workspace::loadWorkspaceFile(
        QStringLiteral(FEEDDECK_RESOURCES_DIR "/demo-workspace.json"),
        {QStringLiteral("coinbase"), QStringLiteral("binance"), QStringLiteral("json")});
    if (!demo.workspace || !demo.workspace->feed(QStringLiteral("stock")))
        qFatal("the demo workspace has no valid \"stock\" feed: %s", qPrintable(formatProblems(demo.problems)));
    workspace::FeedConfig stock = *demo.workspace->feed(QStringLiteral("stock"));
    stock.transport = testing::testTransport();
    return stock;
}

QJsonObject parse(const QByteArray &frame)
{
    return QJsonDocument::fromJson(frame).object();
}

QJsonObject request(const char *type, const QStringList &skus)
{
    return {{QStringLiteral("type"), QLatin1String(type)}, {QStringLiteral("skus"), QJsonArray::fromStringList(skus)}};
}

QStringList rowSymbols(const QList<data::Update> &updates)
{
    QStringList symbols;
    for (const data::Update &update : updates)
        if (!symbols.contains(update.symbol))
            symbols.append(update.symbol);
    symbols.sort();
    return symbols;
}

qsizetype updatesOf(const QList<data::Update> &updates, const QString &sku)
{
    return std::count_if(updates.cbegin(), updates.cend(), [&](const data::Update &update) {
        return update.symbol.startsWith(sku + u'/');
    });
}

// One test's simulator, feed and everything they produced.
struct Rig
{
    std::unique_ptr<sim::SimServer> server;
    std::unique_ptr<FeedConnection> feed;
    std::shared_ptr<FrameLog> log = std::make_shared<FrameLog>();
    QList<data::Update> updates;
    QList<QByteArray> sent;
};

std::unique_ptr<Rig> makeRig(const QStringList &symbols)
{
    auto rig = std::make_unique<Rig>();
    sim::SimOptions options;
    options.ratePerSymbolHz = kRateHz;
    options.seed = 20261122;
    rig->server = std::make_unique<sim::SimServer>(options);
    QString error;
    if (!rig->server->listen(&error)) {
        qWarning("cannot start the simulator: %s", qUtf8Printable(error));
        return nullptr;
    }

    workspace::FeedConfig config = demoStockFeed();
    if (!symbols.isEmpty())
        config.symbols = symbols;
    config.reconnect = {.initialMs = 50, .maxMs = 200};
    config.handshakeTimeoutMs = 3000;
    const std::optional<codec::JsonMapping> mapping = codec::JsonMapping::fromJson(config.json, nullptr);
    if (!mapping)
        return nullptr;
    auto codec = std::make_unique<LoggingCodec>(std::make_unique<codec::JsonMappingCodec>(*mapping), rig->log);
    rig->feed = std::make_unique<FeedConnection>(config, std::move(codec),
                                                 feed::ConnectionTiming{.stableLiveMs = 60000, .retrySeed = 7});
    rig->feed->setConnectUrl(rig->server->url(QStringLiteral("/inventory")));

    Rig *raw = rig.get();
    raw->feed->setUpdateSink([raw](const QList<data::Update> &batch) { raw->updates.append(batch); });
    QObject::connect(raw->feed.get(), &FeedConnection::framesSent, raw->feed.get(),
                     [raw](const QList<QByteArray> &frames) { raw->sent.append(frames); });
    return rig;
}

QList<QJsonObject> sentOfType(const Rig &rig, const QString &type)
{
    QList<QJsonObject> out;
    for (const QByteArray &frame : rig.sent) {
        const QJsonObject object = parse(frame);
        if (object.value(QStringLiteral("type")).toString() == type)
            out.append(object);
    }
    return out;
}

} // namespace

class TstInventoryFeed : public QObject
{
    Q_OBJECT

private slots:
    void subscribesOnOpenWithTheExactSkuListAndGoesLiveOnTheAck();
    void rowsAreKeyedBySkuAndWarehouseWithWholeStockLevels();
    void unknownSkuIsRejectedWhileTheOthersFlow();
    void unsubscribeDeltaWhileLiveStopsThatSku();
    void countersAddUpAndHeartbeatsAreIgnored();
};

void TstInventoryFeed::subscribesOnOpenWithTheExactSkuListAndGoesLiveOnTheAck()
{
    auto rig = makeRig({});
    QVERIFY(rig);
    const QStringList demoSkus{"SKU-1001", "SKU-1002", "SKU-1003", "SKU-1004",
                               "SKU-1005", "SKU-1006", "SKU-1007", "SKU-1008"};
    QCOMPARE(rig->feed->symbols(), demoSkus);

    QList<FeedState> states;
    qsizetype framesWhenLive = -1;
    connect(rig->feed.get(), &FeedConnection::stateChanged, this, [&](FeedState state) {
        states.append(state);
        if (state == FeedState::Live && framesWhenLive < 0)
            framesWhenLive = rig->log->frames.size();
    });
    rig->feed->start();
    QTRY_COMPARE_WITH_TIMEOUT(rig->feed->state(), FeedState::Live, kWait);

    QCOMPARE(rig->sent.size(), 1);
    QCOMPARE(parse(rig->sent.first()), request("subscribe", demoSkus));
    QCOMPARE(states, (QList<FeedState>{FeedState::Connecting, FeedState::Subscribing, FeedState::Live}));
    // Live came with the server's "subscribed", the first frame it sent, not before.
    QCOMPARE(framesWhenLive, 1);
    QVERIFY(rig->log->frames.first().ack);
    QCOMPARE(rig->log->frames.first().kind, FrameKind::Control);
    QCOMPARE(rig->feed->status().counters.connects, 1u);
}

void TstInventoryFeed::rowsAreKeyedBySkuAndWarehouseWithWholeStockLevels()
{
    auto rig = makeRig({"SKU-1001", "SKU-1003"});
    QVERIFY(rig);
    rig->feed->start();
    // A new subscriber first gets the current level of every warehouse holding the SKU.
    const QStringList rows{"SKU-1001/WH-EAST", "SKU-1001/WH-NORTH", "SKU-1001/WH-WEST", "SKU-1003/WH-NORTH"};
    QTRY_COMPARE_WITH_TIMEOUT(rowSymbols(rig->updates), rows, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(rig->updates.size() >= 60, kWait);

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QHash<QString, double> level;
    for (const data::Update &update : std::as_const(rig->updates)) {
        QCOMPARE(update.fields.size(), 2);
        QCOMPARE(update.fields.at(0).name, QStringLiteral("on_hand"));
        QCOMPARE(update.fields.at(1).name, QStringLiteral("delta"));
        const double onHand = update.fields.at(0).value;
        const double delta = update.fields.at(1).value;
        QVERIFY2(onHand >= 0 && onHand == std::trunc(onHand), qPrintable(QString::number(onHand)));
        QVERIFY(delta == std::trunc(delta));
        // Each level follows from the previous one of its row; the first of a row is the snapshot.
        if (const auto previous = level.constFind(update.symbol); previous != level.cend())
            QCOMPARE(onHand, *previous + delta);
        else
            QCOMPARE(delta, 0.0);
        level.insert(update.symbol, onHand);
        QVERIFY(std::abs(update.sourceMs - now) < 60000);
        QVERIFY(update.receivedMs >= update.sourceMs - 1000);
    }
    QCOMPARE(rig->feed->status().counters.badMessages, 0u);
}

void TstInventoryFeed::unknownSkuIsRejectedWhileTheOthersFlow()
{
    auto rig = makeRig({"SKU-1001", "SKU-9999", "SKU-1002"});
    QVERIFY(rig);
    QSignalSpy problems(rig->feed.get(), &FeedConnection::problemReported);
    rig->feed->start();

    QTRY_VERIFY_WITH_TIMEOUT(rig->feed->status().rejectedSymbols.contains(QStringLiteral("SKU-9999")), kWait);
    QCOMPARE(rig->feed->status().rejectedSymbols, (QMap<QString, QString>{{"SKU-9999", "unknown sku"}}));
    QCOMPARE(problems.size(), 1);
    const QString problem = problems.first().first().toString();
    QVERIFY2(problem.contains(QStringLiteral("SKU-9999")) && problem.contains(QStringLiteral("unknown sku")),
             qPrintable(problem));

    QTRY_VERIFY_WITH_TIMEOUT(updatesOf(rig->updates, QStringLiteral("SKU-1001")) >= 20, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(updatesOf(rig->updates, QStringLiteral("SKU-1002")) >= 20, kWait);
    QCOMPARE(rig->feed->state(), FeedState::Live);
    QCOMPARE(updatesOf(rig->updates, QStringLiteral("SKU-9999")), 0);

    // The rest is asked for once more, without the refused SKU, and never again.
    const QList<QJsonObject> subscribes = sentOfType(*rig, QStringLiteral("subscribe"));
    QCOMPARE(subscribes.size(), 2);
    QCOMPARE(subscribes.at(0), request("subscribe", {"SKU-1001", "SKU-9999", "SKU-1002"}));
    QCOMPARE(subscribes.at(1), request("subscribe", {"SKU-1001", "SKU-1002"}));
    QCOMPARE(rig->feed->status().counters.badMessages, 0u);
    QCOMPARE(rig->feed->status().counters.connects, 1u);
}

void TstInventoryFeed::unsubscribeDeltaWhileLiveStopsThatSku()
{
    auto rig = makeRig({"SKU-1001", "SKU-1002"});
    QVERIFY(rig);
    rig->feed->start();
    QTRY_COMPARE_WITH_TIMEOUT(rig->feed->state(), FeedState::Live, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(updatesOf(rig->updates, QStringLiteral("SKU-1002")) >= 5, kWait);

    const qsizetype mark = rig->log->frames.size();
    rig->feed->setSymbols({"SKU-1001"});
    QCOMPARE(rig->sent.size(), 2);
    QCOMPARE(parse(rig->sent.last()), request("unsubscribe", {"SKU-1002"}));

    // The server confirms the new set; everything after that confirmation is SKU-1001 only.
    QTRY_VERIFY_WITH_TIMEOUT(rig->log->ackFrom(mark) >= 0, kWait);
    const qsizetype ack = rig->log->ackFrom(mark);
    const auto dataAfterAck = [&] {
        qsizetype data = 0;
        for (qsizetype i = ack + 1; i < rig->log->frames.size(); ++i)
            data += rig->log->frames.at(i).kind == FrameKind::Data ? 1 : 0;
        return data;
    };
    QTRY_VERIFY_WITH_TIMEOUT(dataAfterAck() >= 40, kWait);
    for (qsizetype i = ack + 1; i < rig->log->frames.size(); ++i)
        for (const QString &symbol : std::as_const(rig->log->frames.at(i).symbols))
            QVERIFY2(symbol.startsWith(QStringLiteral("SKU-1001/")), qPrintable(symbol));

    QCOMPARE(rig->feed->state(), FeedState::Live);
    QCOMPARE(rig->feed->status().counters.connects, 1u);
    QCOMPARE(sentOfType(*rig, QStringLiteral("subscribe")).size(), 1);
}

void TstInventoryFeed::countersAddUpAndHeartbeatsAreIgnored()
{
    auto rig = makeRig({"SKU-1004"});
    QVERIFY(rig);
    rig->feed->start();
    QTRY_COMPARE_WITH_TIMEOUT(rig->feed->state(), FeedState::Live, kWait);

    // The simulator sends a heartbeat every second: a control frame that is neither an ack nor an error.
    const auto heartbeats = [&] {
        return std::count_if(rig->log->frames.cbegin(), rig->log->frames.cend(), [](const FrameLog::Frame &f) {
            return f.kind == FrameKind::Control && !f.ack && !f.issue;
        });
    };
    QTRY_VERIFY_WITH_TIMEOUT(heartbeats() >= 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(rig->updates.size() >= 20, kWait);

    const feed::FeedCounters &n = rig->feed->status().counters;
    const FrameLog &log = *rig->log;
    QCOMPARE(n.messages, quint64(log.frames.size()));
    QCOMPARE(n.updates, quint64(log.count(FrameKind::Data)));
    QCOMPARE(n.ignored, quint64(log.count(FrameKind::Control)));
    QCOMPARE(n.badMessages, 0u);
    QCOMPARE(n.messages, n.updates + n.ignored + n.badMessages);
    QVERIFY(n.ignored >= 2); // the "subscribed" ack and at least one heartbeat
    QCOMPARE(n.updates, quint64(rig->updates.size())); // one update per data message
    QVERIFY(n.bytes > n.messages * 20);
    QVERIFY(n.firstMessageMs > 0 && n.lastMessageMs >= n.firstMessageMs);
}

QTEST_GUILESS_MAIN(TstInventoryFeed)
#include "tst_inventoryfeed.moc"
