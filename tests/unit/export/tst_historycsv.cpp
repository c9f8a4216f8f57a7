// Chart history in long format: exact bytes, gaps, options, locales, cancel and failures.
#include "core/export/AtomicFile.h"
#include "core/export/HistoryCsv.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QLocale>
#include <QTemporaryDir>
#include <QTest>

#include <limits>

using namespace feeddeck;
using exporting::HistorySeries;

namespace {

constexpr double kGap = std::numeric_limits<double>::quiet_NaN();
constexpr qint64 k20261123 = 1'795'392'000'000; // 2026-11-23T00:00:00.000Z

QList<HistorySeries> sample()
{
    return {HistorySeries{"Crypto", "BTC-USD", "price",
                          {{k20261123 + 1, 43000.5}, {k20261123 + 2000, kGap}, {k20261123 + 3500, 43001.25}}},
            HistorySeries{"Stock, east", "SKU-1/WH", "on_hand", {{k20261123 + 60'000, 12}}}};
}

QByteArray written(const QList<HistorySeries> &series, exporting::CsvOptions options = {})
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QString error;
    if (!exporting::writeHistoryCsv(series, buffer, &error, options))
        return "failed: " + error.toUtf8();
    return buffer.data();
}

// A device that accepts `room` bytes and then fails like a full disk.
class FullDevice : public QIODevice
{
public:
    explicit FullDevice(qint64 room) : m_room(room) { open(QIODevice::WriteOnly); }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *, qint64 len) override
    {
        if (len > m_room) {
            setErrorString(QStringLiteral("No space left on device"));
            return -1;
        }
        m_room -= len;
        return len;
    }

private:
    qint64 m_room;
};

} // namespace

class TstHistoryCsv : public QObject
{
    Q_OBJECT

private slots:
    void longFormatWithGapRowsGivesExactBytes();
    void rowCountMatchesThePoints();
    void semicolonAndBomForEuropeanSpreadsheets();
    void numbersIgnoreGermanAndFrenchLocales_data();
    void numbersIgnoreGermanAndFrenchLocales();
    void untrustedNamesAreQuotedAndGuarded();
    void cancellingFromProgressLeavesNoFileAndTheOldOneIntact();
    void aFullDiskIsReported();
};

void TstHistoryCsv::longFormatWithGapRowsGivesExactBytes()
{
    QCOMPARE(written(sample()),
             QByteArray("feed,symbol,field,time,value\r\n"
                        "Crypto,BTC-USD,price,2026-11-23T00:00:00.001Z,43000.5\r\n"
                        "Crypto,BTC-USD,price,2026-11-23T00:00:02.000Z,gap\r\n"
                        "Crypto,BTC-USD,price,2026-11-23T00:00:03.500Z,43001.25\r\n"
                        "\"Stock, east\",SKU-1/WH,on_hand,2026-11-23T00:01:00.000Z,12\r\n"));
    QCOMPARE(written({}), QByteArray("feed,symbol,field,time,value\r\n"));
}

void TstHistoryCsv::rowCountMatchesThePoints()
{
    QCOMPARE(exporting::historyRowCount(sample()), 4);
    QCOMPARE(written(sample()).count("\r\n") - 1, 4);
}

void TstHistoryCsv::semicolonAndBomForEuropeanSpreadsheets()
{
    const QByteArray csv = written(sample(), {.delimiter = ';', .bom = true});
    QVERIFY(csv.startsWith("\xEF\xBB\xBF" "feed;symbol;field;time;value\r\n"));
    QVERIFY(csv.contains("\r\nStock, east;SKU-1/WH;on_hand;2026-11-23T00:01:00.000Z;12\r\n"));
    QVERIFY(written(sample(), {.delimiter = '\t', .bom = false}).startsWith("feed\tsymbol\tfield\ttime\tvalue\r\nCrypto\tBTC-USD\t"));
}

void TstHistoryCsv::numbersIgnoreGermanAndFrenchLocales_data()
{
    QTest::addColumn<QString>("locale");
    QTest::newRow("German") << QStringLiteral("de_DE");
    QTest::newRow("French") << QStringLiteral("fr_FR");
}

void TstHistoryCsv::numbersIgnoreGermanAndFrenchLocales()
{
    QFETCH(QString, locale);
    const QByteArray expected = written(sample());
    const QLocale previous;
    QLocale::setDefault(QLocale(locale));
    QVERIFY(QLocale().decimalPoint() == u',');
    const QByteArray underLocale = written(sample());
    QLocale::setDefault(previous);
    QCOMPARE(underLocale, expected);
}

void TstHistoryCsv::untrustedNamesAreQuotedAndGuarded()
{
    const QByteArray csv = written({HistorySeries{"=HYPERLINK(\"x\")", "-1+1", "say \"hi\"\nthere", {{k20261123, 1}}}});
    QCOMPARE(csv, QByteArray("feed,symbol,field,time,value\r\n"
                             "\"'=HYPERLINK(\"\"x\"\")\",'-1+1,\"say \"\"hi\"\"\nthere\",2026-11-23T00:00:00.000Z,1\r\n"));
}

void TstHistoryCsv::cancellingFromProgressLeavesNoFileAndTheOldOneIntact()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("history.csv");
    {
        QFile old(path);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("the previous export\r\n");
    }
    QList<store::Point> many;
    for (qint64 i = 0; i < 100'000; ++i)
        many.append({k20261123 + i, double(i)});
    const QList<HistorySeries> series{HistorySeries{"Crypto", "BTC-USD", "price", many}};
    qint64 reported = 0;
    const exporting::ExportResult result = exporting::writeAtomically(path, [&](QIODevice &out, QString *error) {
        return exporting::writeHistoryCsv(series, out, error, {}, [&reported](qint64 rows) {
            reported = rows;
            return rows < 20'000; // the user pressed Cancel
        });
    });
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains("cancelled"), qPrintable(result.error));
    QVERIFY(reported >= 20'000 && reported < 30'000);
    QFile old(path);
    QVERIFY(old.open(QIODevice::ReadOnly));
    QCOMPARE(old.readAll(), QByteArray("the previous export\r\n"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList({"history.csv"}));
}

void TstHistoryCsv::aFullDiskIsReported()
{
    QList<store::Point> many;
    for (qint64 i = 0; i < 50'000; ++i)
        many.append({k20261123 + i, double(i)});
    FullDevice device(10'000);
    QString error;
    QVERIFY(!exporting::writeHistoryCsv({HistorySeries{"Crypto", "BTC-USD", "price", many}}, device, &error));
    QVERIFY2(error.contains("No space left on device", Qt::CaseInsensitive), qPrintable(error));
}

QTEST_GUILESS_MAIN(TstHistoryCsv)
#include "tst_historycsv.moc"
