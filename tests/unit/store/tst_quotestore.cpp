#include "core/store/QuoteStore.h"

#include <QTest>

#include <cmath>

using namespace feeddeck::data;
using namespace feeddeck::store;

namespace {

Update makeUpdate(const QString &symbol, std::initializer_list<FieldValue> values,
                  qint64 receivedMs = 1000, qint64 sourceMs = kNoTime)
{
    Update u;
    u.symbol = symbol;
    for (const FieldValue &v : values)
        u.fields.append(v);
    u.receivedMs = receivedMs;
    u.sourceMs = sourceMs;
    return u;
}

double valueOf(const Quote *q, const QString &name)
{
    for (const FieldValue &f : q->fields)
        if (f.name == name)
            return f.value;
    return -1.0;
}

QStringList fieldNames(const Quote *q)
{
    QStringList names;
    for (const FieldValue &f : q->fields)
        names.append(f.name);
    return names;
}

QStringList symbolsOf(const QuoteStore &store, const QString &feedId)
{
    QStringList symbols;
    store.forEach(feedId, [&](const Quote &q) { symbols.append(q.symbol); });
    return symbols;
}

} // namespace

class TstQuoteStore : public QObject
{
    Q_OBJECT

private slots:
    void firstUpdateInsertsARowWithItsFieldsAndTimes()
    {
        QuoteStore store;
        const Update u = makeUpdate(QStringLiteral("BTC-USD"),
                                    {{fields::kPrice, 100.5}, {fields::kBid, 100.0}}, 2000, 1990);
        QCOMPARE(store.apply(QStringLiteral("crypto"), u), ApplyResult::Inserted);

        const Quote *q = store.find(QStringLiteral("crypto"), QStringLiteral("BTC-USD"));
        QVERIFY(q);
        QCOMPARE(q->symbol, QStringLiteral("BTC-USD"));
        QCOMPARE(q->fields, u.fields);
        QCOMPARE(q->sourceMs, 1990);
        QCOMPARE(q->receivedMs, 2000);
        QCOMPARE(store.rowCount(QStringLiteral("crypto")), 1);
    }

    void bidAskOnlyUpdateKeepsTheLastPrice()
    {
        QuoteStore store;
        const QString feed = QStringLiteral("crypto");
        store.apply(feed, makeUpdate(QStringLiteral("BTC-USD"),
                                     {{fields::kPrice, 100.0}, {fields::kBid, 99.0}, {fields::kAsk, 101.0}}));
        QCOMPARE(store.apply(feed, makeUpdate(QStringLiteral("BTC-USD"),
                                              {{fields::kBid, 99.5}, {fields::kAsk, 100.5}}, 1100)),
                 ApplyResult::Updated);

        const Quote *q = store.find(feed, QStringLiteral("BTC-USD"));
        QVERIFY(q);
        QCOMPARE(valueOf(q, fields::kPrice), 100.0);
        QCOMPARE(valueOf(q, fields::kBid), 99.5);
        QCOMPARE(valueOf(q, fields::kAsk), 100.5);
        QCOMPARE(q->fields.size(), 3);
        QCOMPARE(q->receivedMs, 1100);
    }

    // #19: the window and the CSV both measure the session change from this one value.
    void theSessionsFirstPriceIsKeptAsTheRowsOpen()
    {
        QuoteStore store;
        const QString feed = QStringLiteral("crypto");
        store.apply(feed, makeUpdate(QStringLiteral("BTC-USD"), {{fields::kBid, 99.0}}));
        QVERIFY(std::isnan(store.find(feed, QStringLiteral("BTC-USD"))->sessionOpen)); // no price yet
        store.apply(feed, makeUpdate(QStringLiteral("BTC-USD"), {{fields::kPrice, 100.0}}, 1100));
        store.apply(feed, makeUpdate(QStringLiteral("BTC-USD"), {{fields::kPrice, 110.0}}, 1200));
        const Quote *q = store.find(feed, QStringLiteral("BTC-USD"));
        QCOMPARE(q->sessionOpen, 100.0);
        QCOMPARE(valueOf(q, fields::kPrice), 110.0);
        store.apply(feed, makeUpdate(QStringLiteral("SKU-1"), {{QStringLiteral("on_hand"), 5}}));
        QVERIFY(std::isnan(store.find(feed, QStringLiteral("SKU-1"))->sessionOpen)); // rows without a price
    }

    void newFieldsAreAppendedInFirstSeenOrder()
    {
        QuoteStore store;
        const QString feed = QStringLiteral("stock");
        store.apply(feed, makeUpdate(QStringLiteral("SKU-1"), {{QStringLiteral("on_hand"), 5}}));
        store.apply(feed, makeUpdate(QStringLiteral("SKU-1"),
                                     {{QStringLiteral("delta"), -1}, {QStringLiteral("on_hand"), 4}}));
        store.apply(feed, makeUpdate(QStringLiteral("SKU-1"),
                                     {{QStringLiteral("reserved"), 2}, {QStringLiteral("delta"), 3}}));

        const Quote *q = store.find(feed, QStringLiteral("SKU-1"));
        QVERIFY(q);
        QCOMPARE(fieldNames(q), (QStringList{QStringLiteral("on_hand"), QStringLiteral("delta"),
                                             QStringLiteral("reserved")}));
        QCOMPARE(valueOf(q, QStringLiteral("on_hand")), 4.0);
        QCOMPARE(valueOf(q, QStringLiteral("delta")), 3.0);
        QCOMPARE(valueOf(q, QStringLiteral("reserved")), 2.0);
    }

    void aFieldRepeatedInOneUpdateKeepsItsLastValueOnce()
    {
        QuoteStore store;
        store.apply(QStringLiteral("f"), makeUpdate(QStringLiteral("S"),
                                                    {{fields::kPrice, 1.0}, {fields::kPrice, 2.0}}));
        const Quote *q = store.find(QStringLiteral("f"), QStringLiteral("S"));
        QVERIFY(q);
        QCOMPARE(q->fields.size(), 1);
        QCOMPARE(valueOf(q, fields::kPrice), 2.0);
    }

    void sourceTimeIsKeptWhenTheUpdateHasNone()
    {
        QuoteStore store;
        const QString feed = QStringLiteral("crypto");
        store.apply(feed, makeUpdate(QStringLiteral("S"), {{fields::kPrice, 1}}, 1000, 900));
        store.apply(feed, makeUpdate(QStringLiteral("S"), {{fields::kBid, 1}}, 1500, kNoTime));

        const Quote *q = store.find(feed, QStringLiteral("S"));
        QVERIFY(q);
        QCOMPARE(q->sourceMs, 900);
        QCOMPARE(q->receivedMs, 1500);
    }

    void rowsIterateInFirstSeenOrder()
    {
        QuoteStore store;
        const QString feed = QStringLiteral("spot");
        const QStringList order{QStringLiteral("ETHUSDT"), QStringLiteral("BTCUSDT"),
                                QStringLiteral("ADAUSDT"), QStringLiteral("AAVEUSDT")};
        for (const QString &s : order)
            store.apply(feed, makeUpdate(s, {{fields::kPrice, 1}}));
        // Updating existing rows does not reorder them.
        store.apply(feed, makeUpdate(QStringLiteral("AAVEUSDT"), {{fields::kPrice, 2}}));
        store.apply(feed, makeUpdate(QStringLiteral("ETHUSDT"), {{fields::kPrice, 2}}));

        QCOMPARE(symbolsOf(store, feed), order);
        QCOMPARE(int(store.rows(feed).size()), 4);
        for (int i = 0; i < order.size(); ++i)
            QCOMPARE(store.indexOf(feed, order.at(i)), i);
    }

    void feedsKeepSeparateRowsForTheSameSymbol()
    {
        QuoteStore store;
        store.apply(QStringLiteral("a"), makeUpdate(QStringLiteral("BTC"), {{fields::kPrice, 1}}));
        store.apply(QStringLiteral("b"), makeUpdate(QStringLiteral("BTC"), {{fields::kPrice, 2}}));

        QCOMPARE(valueOf(store.find(QStringLiteral("a"), QStringLiteral("BTC")), fields::kPrice), 1.0);
        QCOMPARE(valueOf(store.find(QStringLiteral("b"), QStringLiteral("BTC")), fields::kPrice), 2.0);
        QCOMPARE(store.feedIds(), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    }

    void runsOfUpdatesFromOneFeedAfterAnotherLandInTheirOwnFeed()
    {
        // The store remembers the feed of the last update: a removed feed, a feed whose id is
        // an equal string in another buffer, and a copied store must each still find their own.
        QuoteStore store;
        const QString a = QStringLiteral("a");
        store.apply(a, makeUpdate(QStringLiteral("BTC"), {{fields::kPrice, 1}}));
        store.apply(a, makeUpdate(QStringLiteral("ETH"), {{fields::kPrice, 2}}));
        store.apply(QStringLiteral("b"), makeUpdate(QStringLiteral("BTC"), {{fields::kPrice, 3}}));
        store.apply(QString(a.constData(), a.size()), makeUpdate(QStringLiteral("BTC"), {{fields::kPrice, 4}}));
        QCOMPARE(symbolsOf(store, a), (QStringList{QStringLiteral("BTC"), QStringLiteral("ETH")}));
        QCOMPARE(valueOf(store.find(a, QStringLiteral("BTC")), fields::kPrice), 4.0);
        QCOMPARE(valueOf(store.find(QStringLiteral("b"), QStringLiteral("BTC")), fields::kPrice), 3.0);

        store.removeFeed(a); // the last feed applied to goes
        QCOMPARE(store.apply(a, makeUpdate(QStringLiteral("SOL"), {{fields::kPrice, 5}})), ApplyResult::Inserted);
        QCOMPARE(symbolsOf(store, a), QStringList{QStringLiteral("SOL")});

        QuoteStore copy = store;
        store.removeFeed(a);
        QCOMPARE(copy.apply(a, makeUpdate(QStringLiteral("SOL"), {{fields::kPrice, 6}})), ApplyResult::Updated);
        QCOMPARE(valueOf(copy.find(a, QStringLiteral("SOL")), fields::kPrice), 6.0);
        QCOMPARE(store.rowCount(a), 0);

        store.clear();
        QCOMPARE(store.apply(QStringLiteral("b"), makeUpdate(QStringLiteral("BTC"), {{fields::kPrice, 7}})),
                 ApplyResult::Inserted);
    }

    void unknownFeedsAndSymbolsAreEmpty()
    {
        QuoteStore store;
        store.apply(QStringLiteral("a"), makeUpdate(QStringLiteral("X"), {{fields::kPrice, 1}}));
        QCOMPARE(store.find(QStringLiteral("a"), QStringLiteral("Y")), nullptr);
        QCOMPARE(store.find(QStringLiteral("zz"), QStringLiteral("X")), nullptr);
        QCOMPARE(store.rowCount(QStringLiteral("zz")), 0);
        QCOMPARE(store.indexOf(QStringLiteral("zz"), QStringLiteral("X")), -1);
        QVERIFY(store.rows(QStringLiteral("zz")).empty());
        QCOMPARE(store.refusedRows(QStringLiteral("zz")), 0u);
        store.removeSymbol(QStringLiteral("zz"), QStringLiteral("X"));
        store.removeFeed(QStringLiteral("zz"));
        QCOMPARE(store.rowCount(QStringLiteral("a")), 1);
    }

    void newRowsBeyondTheLimitAreRefusedAndCounted_data()
    {
        QTest::addColumn<int>("limit");
        QTest::addColumn<int>("offered");
        QTest::newRow("limit 1, 4 keys") << 1 << 4;
        QTest::newRow("limit 3, 3 keys") << 3 << 3;
        QTest::newRow("limit 3, 10 keys") << 3 << 10;
        QTest::newRow("limit 100, 1000 keys") << 100 << 1000;
    }

    void newRowsBeyondTheLimitAreRefusedAndCounted()
    {
        QFETCH(int, limit);
        QFETCH(int, offered);
        QuoteStore store(limit);
        const QString feed = QStringLiteral("json");
        int inserted = 0;
        int refused = 0;
        for (int i = 0; i < offered; ++i) {
            const ApplyResult r = store.apply(feed, makeUpdate(QString::number(i), {{fields::kPrice, double(i)}}));
            inserted += r == ApplyResult::Inserted;
            refused += r == ApplyResult::Refused;
        }
        const int expectedRows = qMin(limit, offered);
        QCOMPARE(inserted, expectedRows);
        QCOMPARE(refused, offered - expectedRows);
        QCOMPARE(store.rowCount(feed), expectedRows);
        QCOMPARE(store.refusedRows(feed), quint64(offered - expectedRows));
        QCOMPARE(store.find(feed, QString::number(offered - 1)) != nullptr, offered <= limit);

        // Rows already held keep updating at the limit.
        QCOMPARE(store.apply(feed, makeUpdate(QStringLiteral("0"), {{fields::kPrice, 42.0}})),
                 ApplyResult::Updated);
        QCOMPARE(valueOf(store.find(feed, QStringLiteral("0")), fields::kPrice), 42.0);
        // Another feed has its own budget.
        QCOMPARE(store.apply(QStringLiteral("other"), makeUpdate(QStringLiteral("x"), {})),
                 ApplyResult::Inserted);
    }

    void eachFeedHoldsAsManyRowsAsItsOwnBound()
    {
        QuoteStore store; // 10000 rows for a feed without a bound of its own
        store.setMaxRows(QStringLiteral("small"), 5);
        store.setMaxRows(QStringLiteral("mid"), 20);
        QCOMPARE(store.maxRows(QStringLiteral("small")), 5);
        QCOMPARE(store.maxRows(QStringLiteral("mid")), 20);
        QCOMPARE(store.maxRows(QStringLiteral("big")), 10000);
        for (int i = 0; i < 12000; ++i) {
            const Update u = makeUpdate(QString::number(i), {{fields::kPrice, double(i)}});
            for (const char *feed : {"small", "mid", "big"})
                (void)store.apply(QString::fromLatin1(feed), u);
        }
        QCOMPARE(store.rowCount(QStringLiteral("small")), 5);
        QCOMPARE(store.refusedRows(QStringLiteral("small")), 11995u);
        QCOMPARE(store.rowCount(QStringLiteral("mid")), 20);
        QCOMPARE(store.refusedRows(QStringLiteral("mid")), 11980u);
        QCOMPARE(store.rowCount(QStringLiteral("big")), 10000);
        QCOMPARE(store.refusedRows(QStringLiteral("big")), 2000u);
        QCOMPARE(symbolsOf(store, QStringLiteral("small")), (QStringList{"0", "1", "2", "3", "4"}));
    }

    void aFeedsBoundGoesWithTheFeedAndHeldRowsStayWhenItIsLowered()
    {
        QuoteStore store(100);
        const QString feed = QStringLiteral("f");
        store.setMaxRows(feed, 4);
        for (const char *s : {"A", "B", "C", "D"})
            QCOMPARE(store.apply(feed, makeUpdate(QString::fromLatin1(s), {{fields::kPrice, 1}})), ApplyResult::Inserted);

        store.setMaxRows(feed, 2);
        QCOMPARE(store.rowCount(feed), 4);
        QCOMPARE(store.apply(feed, makeUpdate(QStringLiteral("A"), {{fields::kPrice, 2}})), ApplyResult::Updated);
        QCOMPARE(store.apply(feed, makeUpdate(QStringLiteral("E"), {{fields::kPrice, 1}})), ApplyResult::Refused);

        store.setMaxRows(feed, 0); // at least one row
        QCOMPARE(store.maxRows(feed), 1);

        store.removeFeed(feed);
        QCOMPARE(store.maxRows(feed), 100);
        for (int i = 0; i < 150; ++i)
            (void)store.apply(feed, makeUpdate(QString::number(i), {{fields::kPrice, 1}}));
        QCOMPARE(store.rowCount(feed), 100);
    }

    void removingASymbolKeepsTheOrderOfTheOthersAndFreesItsSlot()
    {
        QuoteStore store(3);
        const QString feed = QStringLiteral("f");
        for (const char *s : {"A", "B", "C"})
            store.apply(feed, makeUpdate(QString::fromLatin1(s), {{fields::kPrice, 1}}));
        QCOMPARE(store.apply(feed, makeUpdate(QStringLiteral("D"), {})), ApplyResult::Refused);

        store.removeSymbol(feed, QStringLiteral("A"));
        QCOMPARE(store.find(feed, QStringLiteral("A")), nullptr);
        QCOMPARE(symbolsOf(store, feed), (QStringList{QStringLiteral("B"), QStringLiteral("C")}));
        QCOMPARE(store.indexOf(feed, QStringLiteral("C")), 1);

        QCOMPARE(store.apply(feed, makeUpdate(QStringLiteral("D"), {{fields::kBid, 2}})), ApplyResult::Inserted);
        QCOMPARE(symbolsOf(store, feed),
                 (QStringList{QStringLiteral("B"), QStringLiteral("C"), QStringLiteral("D")}));
        QCOMPARE(valueOf(store.find(feed, QStringLiteral("C")), fields::kPrice), 1.0);
        QCOMPARE(store.indexOf(feed, QStringLiteral("D")), 2);
    }

    void removingAFeedForgetsItsRowsAndRefusals()
    {
        QuoteStore store(1);
        store.apply(QStringLiteral("a"), makeUpdate(QStringLiteral("X"), {{fields::kPrice, 1}}));
        store.apply(QStringLiteral("a"), makeUpdate(QStringLiteral("Y"), {{fields::kPrice, 1}}));
        store.apply(QStringLiteral("b"), makeUpdate(QStringLiteral("X"), {{fields::kPrice, 1}}));
        QCOMPARE(store.refusedRows(QStringLiteral("a")), 1u);

        store.removeFeed(QStringLiteral("a"));
        QCOMPARE(store.rowCount(QStringLiteral("a")), 0);
        QCOMPARE(store.refusedRows(QStringLiteral("a")), 0u);
        QCOMPARE(store.find(QStringLiteral("a"), QStringLiteral("X")), nullptr);
        QCOMPARE(store.rowCount(QStringLiteral("b")), 1);
        QCOMPARE(store.feedIds(), QStringList{QStringLiteral("b")});

        store.clear();
        QVERIFY(store.feedIds().isEmpty());
    }

    void everyAppliedUpdateRaisesTheRevisionOfItsRow()
    {
        QuoteStore store(1);
        const QString feed = QStringLiteral("f");
        QCOMPARE(store.revision(), 0u);
        store.apply(feed, makeUpdate(QStringLiteral("A"), {{fields::kPrice, 1}}));
        const quint64 afterFirst = store.revision();
        QCOMPARE(store.find(feed, QStringLiteral("A"))->revision, afterFirst);

        store.apply(feed, makeUpdate(QStringLiteral("B"), {{fields::kPrice, 1}})); // refused
        QCOMPARE(store.revision(), afterFirst);

        store.apply(feed, makeUpdate(QStringLiteral("A"), {{fields::kPrice, 2}}));
        QVERIFY(store.revision() > afterFirst);
        QCOMPARE(store.find(feed, QStringLiteral("A"))->revision, store.revision());
    }
};

QTEST_APPLESS_MAIN(TstQuoteStore)
#include "tst_quotestore.moc"
