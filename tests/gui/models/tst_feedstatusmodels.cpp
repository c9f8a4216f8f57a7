// Feed health as people read it: state in plain words with countdowns, message rates,
// reconnects; problems newest first, bounded, each with a hint.
#include "app/health/FeedStatusModel.h"
#include "app/health/ProblemListModel.h"

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace feeddeck;
using app::health::FeedStatusModel;
using app::health::ProblemListModel;

namespace {

feed::FeedStatus status(feed::FeedState state, quint64 messages = 0)
{
    feed::FeedStatus s;
    s.id = QStringLiteral("crypto");
    s.name = QStringLiteral("Crypto");
    s.state = state;
    s.stateSinceMs = 10'000;
    s.counters.messages = messages;
    return s;
}

feed::EngineBatchPtr batchAt(qint64 atMs, QList<feed::FeedStatus> feeds, QStringList problems = {})
{
    auto b = std::make_shared<feed::EngineBatch>();
    b->atMs = atMs;
    b->feeds = std::move(feeds);
    b->problems = std::move(problems);
    return b;
}

QVariant role(const QAbstractItemModel &m, int r)
{
    return m.index(0, 0).data(r);
}

} // namespace

class TstFeedStatusModels : public QObject
{
    Q_OBJECT

private slots:
    void statesReadAsPlainWordsWithCountdowns();
    void aNatsFeedSaysHowTheRelaysUpstreamFeedsAre();
    void messageRateIsMeasuredOverAtLeastASecond();
    void rejectedSymbolsAndReconnectsAreShown();
    void problemsAreNewestFirstBoundedAndHinted();
    void problemListKeepsTheWorkspacesMaxProblemsLines();
    void limitProblemsHintAtTheirSetting();
    void aFeedThatKeepsFailingIsRetryingThenFailingWithOneUpdatedProblemLine();
};

void TstFeedStatusModels::statesReadAsPlainWordsWithCountdowns()
{
    FeedStatusModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.applyBatch(batchAt(22'500, {status(feed::FeedState::Stale)}));
    QCOMPARE(role(model, FeedStatusModel::StateTextRole).toString(), QStringLiteral("stale for 12 s"));
    QCOMPARE(role(model, FeedStatusModel::StateRole).toString(), QStringLiteral("stale"));

    feed::FeedStatus backoff = status(feed::FeedState::Backoff);
    backoff.retryAtMs = 25'200;
    model.applyBatch(batchAt(22'500, {backoff}));
    QCOMPARE(role(model, FeedStatusModel::StateTextRole).toString(), QStringLiteral("reconnecting in 3 s"));

    feed::FeedStatus failed = status(feed::FeedState::Failed);
    failed.lastError = QStringLiteral("header \"Authorization\" uses ${env:TOKEN}, which is not set");
    model.applyBatch(batchAt(22'500, {failed}));
    QCOMPARE(role(model, FeedStatusModel::StateTextRole).toString(),
             QStringLiteral("failed: header \"Authorization\" uses ${env:TOKEN}, which is not set"));
    QCOMPARE(model.summary(), QStringLiteral("0 of 1 feeds live"));
    QCOMPARE(role(model, FeedStatusModel::LastMessageRole).toString(), QStringLiteral("no message yet"));
}

void TstFeedStatusModels::aNatsFeedSaysHowTheRelaysUpstreamFeedsAre()
{
    FeedStatusModel model;
    feed::FeedStatus desk = status(feed::FeedState::Live);
    feed::UpstreamStatus coinbase;
    coinbase.feedId = QStringLiteral("crypto");
    coinbase.name = QStringLiteral("Coinbase");
    coinbase.state = feed::FeedState::Live;
    desk.upstreams = {coinbase};
    model.applyBatch(batchAt(22'500, {desk}));
    QCOMPARE(role(model, FeedStatusModel::StateTextRole).toString(), QStringLiteral("relay live · upstream Coinbase live"));

    feed::UpstreamStatus binance = coinbase;
    binance.feedId = QStringLiteral("binance");
    binance.name = QStringLiteral("Binance");
    desk.upstreams = {coinbase, binance};
    model.applyBatch(batchAt(22'500, {desk}));
    QCOMPARE(role(model, FeedStatusModel::StateTextRole).toString(), QStringLiteral("relay live · 2 upstreams live"));

    // Only the upstream feeds in trouble are named, each with its countdown or age.
    desk.upstreams[0].state = feed::FeedState::Backoff;
    desk.upstreams[0].retryAtMs = 25'200;
    desk.upstreams[1].state = feed::FeedState::Stale;
    desk.upstreams[1].stateSinceMs = 20'000;
    desk.upstreams[1].name.clear(); // a relay that sent no name: its feed id
    model.applyBatch(batchAt(22'500, {desk}));
    QCOMPARE(role(model, FeedStatusModel::StateTextRole).toString(),
             QStringLiteral("relay live · upstream Coinbase reconnecting in 3 s · upstream binance stale for 2 s"));

    // The feeds behind it say which relay they come through.
    feed::FeedStatus behind = status(feed::FeedState::Live);
    behind.id = QStringLiteral("crypto/crypto");
    behind.name = QStringLiteral("Coinbase");
    behind.relayFeedId = desk.id;
    model.applyBatch(batchAt(22'500, {desk, behind}));
    QCOMPARE(model.index(0, 0).data(FeedStatusModel::RelayRole).toString(), QString());
    QCOMPARE(model.index(1, 0).data(FeedStatusModel::RelayRole).toString(), QStringLiteral("Crypto"));

    // While the relay itself is not heard, its old reports are not repeated.
    desk.state = feed::FeedState::Backoff;
    desk.retryAtMs = 23'100;
    model.applyBatch(batchAt(22'500, {desk, behind}));
    QCOMPARE(role(model, FeedStatusModel::StateTextRole).toString(), QStringLiteral("relay reconnecting in 1 s"));
}

void TstFeedStatusModels::messageRateIsMeasuredOverAtLeastASecond()
{
    FeedStatusModel model;
    model.applyBatch(batchAt(10'000, {status(feed::FeedState::Live, 100)}));
    model.applyBatch(batchAt(10'500, {status(feed::FeedState::Live, 150)}));
    QCOMPARE(role(model, FeedStatusModel::MessagesPerSecondRole).toDouble(), 0.0); // not a second yet
    model.applyBatch(batchAt(12'000, {status(feed::FeedState::Live, 500)}));
    QCOMPARE(role(model, FeedStatusModel::MessagesPerSecondRole).toDouble(), 200.0);
    QCOMPARE(role(model, FeedStatusModel::MessagesRole).toDouble(), 500.0);
    QCOMPARE(model.summary(), QStringLiteral("1 of 1 feeds live"));
}

void TstFeedStatusModels::rejectedSymbolsAndReconnectsAreShown()
{
    FeedStatusModel model;
    feed::FeedStatus s = status(feed::FeedState::Live);
    s.counters.connects = 4;
    s.counters.lastMessageMs = 19'000;
    s.rejectedSymbols.insert(QStringLiteral("FOO-USD"), QStringLiteral("FOO-USD is not a valid product"));
    model.applyBatch(batchAt(22'000, {s}));
    QCOMPARE(role(model, FeedStatusModel::ReconnectsRole).toInt(), 3);
    QCOMPARE(role(model, FeedStatusModel::RejectedRole).toString(), QStringLiteral("FOO-USD: FOO-USD is not a valid product"));
    QCOMPARE(role(model, FeedStatusModel::LastMessageRole).toString(), QStringLiteral("last message 3 s ago"));
}

void TstFeedStatusModels::problemsAreNewestFirstBoundedAndHinted()
{
    ProblemListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.applyBatch(batchAt(1000, {}, {"Crypto: the server refused FOO-USD: FOO-USD is not a valid product",
                                        "Crypto: bad message: not JSON: {oops"}));
    QCOMPARE(model.count(), 2);
    QCOMPARE(model.index(0).data(ProblemListModel::TextRole).toString(), QStringLiteral("Crypto: bad message: not JSON: {oops"));
    QVERIFY(model.index(1).data(ProblemListModel::HintRole).toString().contains(QStringLiteral("spelling")));
    QVERIFY(model.index(0).data(ProblemListModel::HintRole).toString().contains(QStringLiteral("only that message")));

    QStringList flood;
    for (int i = 0; i < 500; ++i)
        flood.append(QStringLiteral("Crypto: bad message %1").arg(i));
    model.applyBatch(batchAt(2000, {}, flood));
    QCOMPARE(model.count(), ProblemListModel::kDefaultMaxProblems);
    QCOMPARE(model.index(0).data(ProblemListModel::TextRole).toString(), QStringLiteral("Crypto: bad message 499"));
    model.clear();
    QCOMPARE(model.count(), 0);
}

void TstFeedStatusModels::problemListKeepsTheWorkspacesMaxProblemsLines()
{
    ProblemListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.maxProblems(), 200);
    model.setMaxProblems(10);
    const auto lines = [](int from, int to) {
        QStringList list;
        for (int i = from; i < to; ++i)
            list.append(QStringLiteral("Crypto: bad message %1").arg(i));
        return list;
    };
    model.applyBatch(batchAt(1000, {}, lines(0, 7)));
    QCOMPARE(model.count(), 7);
    model.applyBatch(batchAt(2000, {}, lines(7, 12))); // the two oldest go
    QCOMPARE(model.count(), 10);
    QCOMPARE(model.index(0).data(ProblemListModel::TextRole).toString(), QStringLiteral("Crypto: bad message 11"));
    QCOMPARE(model.index(9).data(ProblemListModel::TextRole).toString(), QStringLiteral("Crypto: bad message 2"));
    model.applyBatch(batchAt(3000, {}, lines(100, 125))); // more than fit in one batch: the newest 10
    QCOMPARE(model.count(), 10);
    QCOMPARE(model.index(0).data(ProblemListModel::TextRole).toString(), QStringLiteral("Crypto: bad message 124"));
    QCOMPARE(model.index(9).data(ProblemListModel::TextRole).toString(), QStringLiteral("Crypto: bad message 115"));

    // Lowered: the oldest lines go at once. Raised: room for more.
    QSignalSpy counted(&model, &ProblemListModel::countChanged);
    model.setMaxProblems(4);
    QCOMPARE(model.count(), 4);
    QCOMPARE(counted.size(), 1);
    QCOMPARE(model.index(3).data(ProblemListModel::TextRole).toString(), QStringLiteral("Crypto: bad message 121"));
    model.setMaxProblems(1000);
    QCOMPARE(counted.size(), 1);
    model.applyBatch(batchAt(4000, {}, lines(200, 700)));
    QCOMPARE(model.count(), 504);
}

void TstFeedStatusModels::limitProblemsHintAtTheirSetting()
{
    QCOMPARE(ProblemListModel::hintFor(QStringLiteral("Crypto: the server sent more rows than max_rows (1009); rows "
                                                      "beyond it are not shown")),
             QStringLiteral("Raise max_rows for this feed (Advanced) if its server really has that many symbols."));
    QCOMPARE(ProblemListModel::hintFor(QStringLiteral("Crypto: bad message: field \"product_id\": expected a product id "
                                                      "of at most 8 bytes (max_symbol_bytes), got \"ABCD-EFGH\"")),
             QStringLiteral("Raise max_symbol_bytes for this feed (Advanced) if its symbols really are that long."));
}

// #19: a feed on a dead port showed "reconnects 0", a blue dot and nothing in Problems.
void TstFeedStatusModels::aFeedThatKeepsFailingIsRetryingThenFailingWithOneUpdatedProblemLine()
{
    FeedStatusModel feeds;
    ProblemListModel problems;
    QAbstractItemModelTester feedsTester(&feeds, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester problemsTester(&problems, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto failedAttempt = [](quint64 inARow) {
        feed::FeedStatus s = status(feed::FeedState::Backoff);
        s.retryAtMs = 12'000;
        s.counters.attempts = inARow;
        s.failedAttemptsInARow = inARow;
        s.lastError = QStringLiteral("Connection refused");
        return s;
    };
    const auto apply = [&](qint64 atMs, const feed::FeedStatus &s) {
        const feed::EngineBatchPtr batch = batchAt(atMs, {s});
        feeds.applyBatch(batch);
        problems.applyBatch(batch);
    };

    apply(11'000, failedAttempt(1));
    QCOMPARE(role(feeds, FeedStatusModel::HealthRole).toString(), QStringLiteral("retrying"));
    QCOMPARE(role(feeds, FeedStatusModel::AttemptsRole).toDouble(), 1.0);
    QCOMPARE(role(feeds, FeedStatusModel::LastMessageRole).toString(), QStringLiteral("no message yet"));
    QCOMPARE(problems.count(), 0); // one failure is not yet a problem

    apply(12'000, failedAttempt(2));
    QCOMPARE(problems.count(), 0);
    apply(13'000, failedAttempt(3));
    QCOMPARE(role(feeds, FeedStatusModel::HealthRole).toString(), QStringLiteral("failing"));
    QCOMPARE(problems.count(), 1);
    QCOMPARE(problems.index(0).data(ProblemListModel::TextRole).toString(),
             QStringLiteral("Crypto: cannot connect, 3 attempts in a row failed; the last: Connection refused"));
    QVERIFY(problems.index(0).data(ProblemListModel::HintRole).toString().contains(QStringLiteral("URL")));

    // Further failures update that line; they do not add lines.
    QSignalSpy changed(&problems, &QAbstractItemModel::dataChanged);
    for (quint64 n = 4; n <= 25; ++n)
        apply(qint64(10'000 + n * 1000), failedAttempt(n));
    QCOMPARE(problems.count(), 1);
    QCOMPARE(changed.size(), 22);
    QCOMPARE(problems.index(0).data(ProblemListModel::TextRole).toString(),
             QStringLiteral("Crypto: cannot connect, 25 attempts in a row failed; the last: Connection refused"));
    QCOMPARE(role(feeds, FeedStatusModel::AttemptsRole).toDouble(), 25.0);

    // Live again: healthy, and the line stays as a record of what happened.
    feed::FeedStatus live = status(feed::FeedState::Live, 10);
    live.counters.attempts = 26;
    live.counters.connects = 1;
    apply(40'000, live);
    QCOMPARE(role(feeds, FeedStatusModel::HealthRole).toString(), QStringLiteral("ok"));
    QCOMPARE(problems.count(), 1);
}

QTEST_GUILESS_MAIN(TstFeedStatusModels)
#include "tst_feedstatusmodels.moc"
