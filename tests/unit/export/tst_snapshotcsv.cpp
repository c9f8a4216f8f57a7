#include "core/export/SnapshotCsv.h"

#include <QBuffer>
#include <QFile>
#include <QLocale>
#include <QTest>

#include <limits>

using namespace feeddeck;
using namespace feeddeck::exporting;
using data::FieldValue;
using feed::RowStatus;
using feed::SnapshotRow;

namespace {

constexpr qint64 kTakenAt = 1795386145680; // 2026-11-22T22:22:25.680Z

SnapshotRow makeRow(QString feedId, QString feedName, QString symbol,
                    std::initializer_list<FieldValue> fields, qint64 sourceMs, qint64 receivedMs,
                    RowStatus status, double sessionOpen = std::numeric_limits<double>::quiet_NaN())
{
    SnapshotRow row;
    row.feedId = std::move(feedId);
    row.feedName = std::move(feedName);
    row.symbol = std::move(symbol);
    for (const FieldValue &f : fields)
        row.fields.append(f);
    row.sourceMs = sourceMs;
    row.receivedMs = receivedMs;
    row.status = status;
    row.sessionOpen = sessionOpen;
    return row;
}

// Feeds with and without data, canonical fields out of order, other fields,
// and symbols that need quoting or a formula guard.
feed::Snapshot sampleSnapshot()
{
    using namespace data::fields;
    const qint64 none = data::kNoTime;
    feed::Snapshot s;
    s.takenAtMs = kTakenAt;
    s.rows = {
        makeRow("crypto", "Crypto", "BTC-USD",
                {{kAsk, 43000.5}, {kPrice, 43000.12}, {kVolume24h, 1234.5}, {kBid, 42999.5}},
                1795386145000, 1795386145180, RowStatus::Live, 43100.0),
        makeRow("stock", "Warehouse stock", "SKU-1001/WH \"EAST\", 2",
                {{"on_hand", 12}, {"delta", -3}}, none, 1795386140680, RowStatus::Stale),
        makeRow("crypto", "Crypto", "ETH-USD", {}, none, none, RowStatus::NoData),
        makeRow("stock", "Warehouse stock", "SKU-2002", {{"reserved", 4}, {"on_hand", 0}},
                1795386145599, 1795386145600, RowStatus::Disconnected),
        makeRow("spot", "Binance spot", "BTCUSDT", {{kChangePct, -1.25}, {kBidSize, 0.5}}, none,
                kTakenAt, RowStatus::Live),
        makeRow("raw", "", "=cmd", {}, none, none, RowStatus::NoData),
    };
    return s;
}

const QByteArray kSampleCsv =
    "feed,symbol,price,bid,ask,bid_size,volume_24h,change_pct,change_session,change_session_pct,on_hand,delta,reserved,"
    "source_time,received_time,age_ms,status\r\n"
    "Crypto,BTC-USD,43000.12,42999.5,43000.5,,1234.5,,-99.87999999999738,-0.2317401392111308,,,,"
    "2026-11-22T22:22:25.000Z,2026-11-22T22:22:25.180Z,500,live\r\n"
    "Warehouse stock,\"SKU-1001/WH \"\"EAST\"\", 2\",,,,,,,,,12,-3,,,2026-11-22T22:22:20.680Z,5000,stale\r\n"
    "Crypto,ETH-USD,,,,,,,,,,,,,,,no data\r\n"
    "Warehouse stock,SKU-2002,,,,,,,,,0,,4,2026-11-22T22:22:25.599Z,2026-11-22T22:22:25.600Z,80,disconnected\r\n"
    "Binance spot,BTCUSDT,,,,0.5,,-1.25,,,,,,,2026-11-22T22:22:25.680Z,0,live\r\n"
    "raw,'=cmd,,,,,,,,,,,,,,,no data\r\n";

QByteArray write(const feed::Snapshot &snapshot, CsvOptions options = {})
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QString error;
    if (!writeSnapshotCsv(snapshot, buffer, &error, options))
        return "failed: " + error.toUtf8();
    return buffer.data();
}

} // namespace

class TstSnapshotCsv : public QObject
{
    Q_OBJECT

private slots:
    void sampleSnapshotGivesExactBytes();
    void everyLineHasTheHeadersColumnCount();
    void emptySnapshotGivesOnlyTheHeader();
    void canonicalColumnsFollowCanonicalOrderNotFirstSeen();
    void firstValueOfARepeatedFieldWins();
    void outputIsTheSameUnderAGermanDefaultLocale();
    void optionsReachTheWriter();
    void deviceErrorIsReported();
};

void TstSnapshotCsv::sampleSnapshotGivesExactBytes()
{
    QCOMPARE(write(sampleSnapshot()), kSampleCsv);
}

void TstSnapshotCsv::everyLineHasTheHeadersColumnCount()
{
    // Outside quoted cells, each line of the sample has 14 commas.
    const QList<QByteArray> lines = kSampleCsv.split('\n');
    for (const QByteArray &line : lines) {
        if (line.isEmpty())
            continue;
        int commas = 0;
        bool quoted = false;
        for (char c : line) {
            if (c == '"')
                quoted = !quoted;
            else if (c == ',' && !quoted)
                ++commas;
        }
        QCOMPARE(commas, 16);
    }
}

void TstSnapshotCsv::emptySnapshotGivesOnlyTheHeader()
{
    feed::Snapshot s;
    s.takenAtMs = kTakenAt;
    QCOMPARE(write(s), QByteArray("feed,symbol,source_time,received_time,age_ms,status\r\n"));
}

void TstSnapshotCsv::canonicalColumnsFollowCanonicalOrderNotFirstSeen()
{
    using namespace data::fields;
    feed::Snapshot s;
    s.takenAtMs = 1000;
    s.rows = {
        makeRow("f", "F", "A", {{"zeta", 1}, {kChangePct, 2}}, data::kNoTime, 1000, RowStatus::Live),
        makeRow("f", "F", "B", {{kSize, 3}, {"alpha", 4}, {kPrice, 5}}, data::kNoTime, 400,
                RowStatus::Live),
    };
    QCOMPARE(write(s),
             QByteArray("feed,symbol,price,size,change_pct,zeta,alpha,source_time,received_time,age_ms,status\r\n"
                        "F,A,,,2,1,,,1970-01-01T00:00:01.000Z,0,live\r\n"
                        "F,B,5,3,,,4,,1970-01-01T00:00:00.400Z,600,live\r\n"));
}

void TstSnapshotCsv::firstValueOfARepeatedFieldWins()
{
    feed::Snapshot s;
    s.takenAtMs = 0;
    s.rows = {makeRow("f", "F", "A", {{"n", 1}, {"n", 2}}, data::kNoTime, data::kNoTime,
                      RowStatus::Live)};
    QCOMPARE(write(s), QByteArray("feed,symbol,n,source_time,received_time,age_ms,status\r\n"
                                  "F,A,1,,,,live\r\n"));
}

void TstSnapshotCsv::outputIsTheSameUnderAGermanDefaultLocale()
{
    const QLocale before;
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    const QByteArray german = write(sampleSnapshot());
    QLocale::setDefault(QLocale(QLocale::French, QLocale::France));
    const QByteArray french = write(sampleSnapshot());
    QLocale::setDefault(before);
    QCOMPARE(german, kSampleCsv);
    QCOMPARE(french, kSampleCsv);
}

void TstSnapshotCsv::optionsReachTheWriter()
{
    feed::Snapshot s;
    s.takenAtMs = 10;
    s.rows = {makeRow("f", "F", "a;b", {{"price", 1.5}}, data::kNoTime, 4, RowStatus::Live)};
    QCOMPARE(write(s, {.delimiter = ';', .bom = true}),
             QByteArray("\xEF\xBB\xBF" "feed;symbol;price;source_time;received_time;age_ms;status\r\n"
                        "F;\"a;b\";1.5;;1970-01-01T00:00:00.004Z;6;live\r\n"));
}

void TstSnapshotCsv::deviceErrorIsReported()
{
    QFile full(QStringLiteral("/dev/full"));
    if (!full.open(QIODevice::WriteOnly))
        QSKIP("/dev/full is not available here");
    QString error;
    QVERIFY(!writeSnapshotCsv(sampleSnapshot(), full, &error));
    QCOMPARE(error, QStringLiteral("no space left on device"));
}

QTEST_APPLESS_MAIN(TstSnapshotCsv)
#include "tst_snapshotcsv.moc"
