#include "core/export/CsvWriter.h"

#include <QBuffer>
#include <QFile>
#include <QLocale>
#include <QTemporaryDir>
#include <QTest>

#include <limits>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/resource.h>
#endif

using namespace feeddeck::exporting;

namespace {

// One text cell, written alone on a row, as bytes without the row's CRLF.
QByteArray textCell(const QString &text, CsvOptions options = {})
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    CsvWriter csv(buffer, options);
    csv.addText(text);
    csv.endRow();
    QString error;
    if (!csv.finish(&error))
        return QByteArray("finish failed: ") + error.toUtf8();
    QByteArray out = buffer.data();
    if (!out.endsWith("\r\n"))
        return QByteArray("no CRLF: ") + out;
    out.chop(2);
    return out;
}

// Records every write so a test can see how the writer streams.
class RecordingDevice : public QIODevice
{
public:
    explicit RecordingDevice(qint64 failAfterBytes = std::numeric_limits<qint64>::max())
        : m_failAfter(failAfterBytes)
    {
        open(QIODevice::WriteOnly | QIODevice::Unbuffered);
    }
    QList<qint64> writes;
    qint64 total = 0;

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *, qint64 len) override
    {
        if (total + len > m_failAfter) {
            setErrorString(QStringLiteral("Input/output error"));
            return -1;
        }
        writes.append(len);
        total += len;
        return len;
    }

private:
    qint64 m_failAfter;
};

} // namespace

class TstCsvWriter : public QObject
{
    Q_OBJECT

private slots:
    void plainTextIsWrittenUnquoted();
    void specialCharactersAreQuoted_data();
    void specialCharactersAreQuoted();
    void formulaStartsAreGuarded_data();
    void formulaStartsAreGuarded();
    void numbersAreNeverGuarded();
    void nonFiniteNumbersAndEmptyCellsAreEmpty();
    void rowsAreSeparatedByCrlf();
    void semicolonDelimiterQuotesSemicolonsNotCommas();
    void tabDelimiterQuotesTabs();
    void unsupportedDelimiterFallsBackToComma();
    void bomIsWrittenOnlyWhenAsked();
    void bomIsWrittenEvenForAnEmptyExport();
    void controlCharactersBecomeReplacementCharacters_data();
    void controlCharactersBecomeReplacementCharacters();
    void nonAsciiTextIsUtf8();
    void rawCellsAreVerbatimUnlessTheyNeedQuotes();
    void numbersIgnoreTheDefaultLocale();
    void largeOutputIsStreamedInBoundedChunks();
    void fullDiskIsReportedByFinish();
    void shortWriteIsReportedWithTheOsReason();
    void failedWriteIsReportedAndStopsWriting();
};

void TstCsvWriter::plainTextIsWrittenUnquoted()
{
    QCOMPARE(textCell(QStringLiteral("BTC-USD")), QByteArray("BTC-USD"));
    QCOMPARE(textCell(QStringLiteral("a b\tc")), QByteArray("a b\tc"));
    QCOMPARE(textCell(QString()), QByteArray(""));
}

void TstCsvWriter::specialCharactersAreQuoted_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("comma") << QStringLiteral("a,b") << QByteArray("\"a,b\"");
    QTest::newRow("quote") << QStringLiteral("say \"hi\"") << QByteArray("\"say \"\"hi\"\"\"");
    QTest::newRow("only a quote") << QStringLiteral("\"") << QByteArray("\"\"\"\"");
    QTest::newRow("LF") << QStringLiteral("line1\nline2") << QByteArray("\"line1\nline2\"");
    QTest::newRow("CR") << QStringLiteral("a\rb") << QByteArray("\"a\rb\"");
    QTest::newRow("CRLF") << QStringLiteral("a\r\nb") << QByteArray("\"a\r\nb\"");
    QTest::newRow("trailing comma") << QStringLiteral("x,") << QByteArray("\"x,\"");
}

void TstCsvWriter::specialCharactersAreQuoted()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, expected);
    QCOMPARE(textCell(text), expected);
}

void TstCsvWriter::formulaStartsAreGuarded_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("=") << QStringLiteral("=1+2") << QByteArray("'=1+2");
    QTest::newRow("+") << QStringLiteral("+49 30") << QByteArray("'+49 30");
    QTest::newRow("-") << QStringLiteral("-5") << QByteArray("'-5");
    QTest::newRow("@") << QStringLiteral("@SUM(A1)") << QByteArray("'@SUM(A1)");
    QTest::newRow("tab") << QStringLiteral("\t=1") << QByteArray("'\t=1");
    QTest::newRow("CR is quoted too") << QStringLiteral("\r=1") << QByteArray("\"'\r=1\"");
    QTest::newRow("guard inside quotes")
        << QStringLiteral("=HYPERLINK(\"x\",\"y\")") << QByteArray("\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
    QTest::newRow("only leading") << QStringLiteral("a=b") << QByteArray("a=b");
    QTest::newRow("lone minus") << QStringLiteral("-") << QByteArray("'-");
}

void TstCsvWriter::formulaStartsAreGuarded()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, expected);
    QCOMPARE(textCell(text), expected);
}

void TstCsvWriter::numbersAreNeverGuarded()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    CsvWriter csv(buffer);
    csv.addNumber(-5);
    csv.addText(u"-5");
    csv.addNumber(-0.25);
    csv.addInteger(-7);
    csv.endRow();
    QVERIFY(csv.finish(nullptr));
    QCOMPARE(buffer.data(), QByteArray("-5,'-5,-0.25,-7\r\n"));
}

void TstCsvWriter::nonFiniteNumbersAndEmptyCellsAreEmpty()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    CsvWriter csv(buffer);
    csv.addNumber(std::numeric_limits<double>::quiet_NaN());
    csv.addEmpty();
    csv.addNumber(std::numeric_limits<double>::infinity());
    csv.addNumber(1);
    csv.endRow();
    QVERIFY(csv.finish(nullptr));
    QCOMPARE(buffer.data(), QByteArray(",,,1\r\n"));
}

void TstCsvWriter::rowsAreSeparatedByCrlf()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    CsvWriter csv(buffer);
    csv.addText(u"a");
    csv.addText(u"b");
    csv.endRow();
    csv.addNumber(1);
    csv.addNumber(2.5);
    csv.endRow();
    csv.endRow(); // an empty row is just a line ending
    QVERIFY(csv.finish(nullptr));
    QCOMPARE(buffer.data(), QByteArray("a,b\r\n1,2.5\r\n\r\n"));
}

void TstCsvWriter::semicolonDelimiterQuotesSemicolonsNotCommas()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    CsvWriter csv(buffer, {.delimiter = ';'});
    csv.addText(u"a,b");
    csv.addText(u"c;d");
    csv.addNumber(0.5);
    csv.addRaw("x;y");
    csv.endRow();
    QVERIFY(csv.finish(nullptr));
    QCOMPARE(buffer.data(), QByteArray("a,b;\"c;d\";0.5;\"x;y\"\r\n"));
}

void TstCsvWriter::tabDelimiterQuotesTabs()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    CsvWriter csv(buffer, {.delimiter = '\t'});
    csv.addText(u"a,b");
    csv.addText(u"c\td");
    csv.addText(u"\tx");
    csv.endRow();
    QVERIFY(csv.finish(nullptr));
    QCOMPARE(buffer.data(), QByteArray("a,b\t\"c\td\"\t\"'\tx\"\r\n"));
}

void TstCsvWriter::unsupportedDelimiterFallsBackToComma()
{
    QCOMPARE(textCell(QStringLiteral("a\"b"), {.delimiter = '"'}), QByteArray("\"a\"\"b\""));
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    CsvWriter csv(buffer, {.delimiter = '.'});
    csv.addNumber(1.5);
    csv.addNumber(2);
    csv.endRow();
    QVERIFY(csv.finish(nullptr));
    QCOMPARE(buffer.data(), QByteArray("1.5,2\r\n"));
}

void TstCsvWriter::bomIsWrittenOnlyWhenAsked()
{
    QCOMPARE(textCell(QStringLiteral("x"), {.bom = true}), QByteArray("\xEF\xBB\xBFx"));
    QCOMPARE(textCell(QStringLiteral("x"), {.bom = false}), QByteArray("x"));

    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    CsvWriter csv(buffer, {.delimiter = ';', .bom = true});
    csv.addText(u"a");
    csv.addText(u"b");
    csv.endRow();
    csv.addText(u"c");
    csv.endRow();
    QVERIFY(csv.finish(nullptr));
    QCOMPARE(buffer.data(), QByteArray("\xEF\xBB\xBF" "a;b\r\nc\r\n"));
}

void TstCsvWriter::bomIsWrittenEvenForAnEmptyExport()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    CsvWriter csv(buffer, {.bom = true});
    QVERIFY(csv.finish(nullptr));
    QCOMPARE(buffer.data(), QByteArray("\xEF\xBB\xBF"));
}

void TstCsvWriter::controlCharactersBecomeReplacementCharacters_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("NUL") << QString(QChar(0)) + QStringLiteral("a") << QByteArray("\xEF\xBF\xBD" "a");
    QTest::newRow("bell and escape") << QStringLiteral("a\x07" "b\x1B" "c")
                                     << QByteArray("a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c");
    QTest::newRow("DEL") << QStringLiteral("x\x7F") << QByteArray("x\xEF\xBF\xBD");
    QTest::newRow("C1 NEL") << QString::fromUtf16(u"x\u0085y") << QByteArray("x\xEF\xBF\xBDy");
    QTest::newRow("control first is not guarded") << QStringLiteral("\x01=1")
                                                  << QByteArray("\xEF\xBF\xBD=1");
    QTest::newRow("tab kept") << QStringLiteral("a\tb") << QByteArray("a\tb");
    QTest::newRow("unpaired high surrogate") << QString(QChar(0xD800)) + QStringLiteral("z")
                                             << QByteArray("\xEF\xBF\xBDz");
    QTest::newRow("unpaired low surrogate") << QStringLiteral("z") + QString(QChar(0xDC00))
                                            << QByteArray("z\xEF\xBF\xBD");
}

void TstCsvWriter::controlCharactersBecomeReplacementCharacters()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, expected);
    QCOMPARE(textCell(text), expected);
}

void TstCsvWriter::nonAsciiTextIsUtf8()
{
    const QString text = QString::fromUtf8("Zürich Lager € 東京 \xF0\x9F\x98\x80");
    QCOMPARE(textCell(text), text.toUtf8());
    QCOMPARE(textCell(QString::fromUtf8("ö,ü")), QByteArray("\"\xC3\xB6,\xC3\xBC\""));
}

void TstCsvWriter::rawCellsAreVerbatimUnlessTheyNeedQuotes()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    CsvWriter csv(buffer);
    csv.addRaw("2026-11-22T22:22:17.818Z");
    csv.addRaw("-1");
    csv.addRaw("");
    csv.addRaw("a,\"b\"");
    csv.endRow();
    QVERIFY(csv.finish(nullptr));
    QCOMPARE(buffer.data(), QByteArray("2026-11-22T22:22:17.818Z,-1,,\"a,\"\"b\"\"\"\r\n"));
}

void TstCsvWriter::numbersIgnoreTheDefaultLocale()
{
    const QLocale before;
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    CsvWriter csv(buffer, {.delimiter = ';'});
    csv.addNumber(43000.12);
    csv.addNumber(1234567.5);
    csv.addInteger(1234567);
    csv.endRow();
    const bool ok = csv.finish(nullptr);
    QLocale::setDefault(before);
    QVERIFY(ok);
    QCOMPARE(buffer.data(), QByteArray("43000.12;1234567.5;1234567\r\n"));
}

void TstCsvWriter::largeOutputIsStreamedInBoundedChunks()
{
    RecordingDevice device;
    CsvWriter csv(device);
    const QString cell(100, QLatin1Char('x'));
    qint64 expected = 0;
    for (int row = 0; row < 5000; ++row) {
        csv.addText(cell);
        csv.addNumber(row);
        csv.endRow();
        expected += 100 + 1 + QByteArray::number(row).size() + 2;
    }
    // About 0.5 MB went in; most of it must already have reached the device.
    QVERIFY2(device.total > expected - 70 * 1024, qPrintable(QString::number(device.total)));
    QVERIFY(device.writes.size() >= 7);
    for (qint64 w : device.writes)
        QVERIFY(w < 70 * 1024);
    QVERIFY(csv.finish(nullptr));
    QCOMPARE(device.total, expected);
}

void TstCsvWriter::fullDiskIsReportedByFinish()
{
    QFile full(QStringLiteral("/dev/full"));
    if (!full.open(QIODevice::WriteOnly))
        QSKIP("/dev/full is not available here");
    CsvWriter csv(full);
    csv.addText(u"a");
    csv.endRow();
    QString error;
    QVERIFY(!csv.finish(&error));
    QVERIFY(csv.hasError());
    QCOMPARE(error, QStringLiteral("no space left on device"));
}

void TstCsvWriter::shortWriteIsReportedWithTheOsReason()
{
#ifndef Q_OS_UNIX
    QSKIP("needs RLIMIT_FSIZE");
#else
    // With a file size limit the file takes part of a chunk, then refuses the rest.
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("out.csv")));
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Unbuffered));
    rlimit before{};
    QCOMPARE(::getrlimit(RLIMIT_FSIZE, &before), 0);
    rlimit limited = before;
    limited.rlim_cur = 100 * 1000;
    const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
    QCOMPARE(::setrlimit(RLIMIT_FSIZE, &limited), 0);
    CsvWriter csv(file);
    const QString cell(999, QLatin1Char('c'));
    for (int row = 0; row < 200; ++row) {
        csv.addText(cell);
        csv.endRow();
    }
    QString error;
    const bool ok = csv.finish(&error);
    ::setrlimit(RLIMIT_FSIZE, &before);
    std::signal(SIGXFSZ, previousHandler);
    QVERIFY(!ok);
    QCOMPARE(error, QStringLiteral("file too large"));
    QCOMPARE(file.size(), 100 * 1000);
#endif
}

void TstCsvWriter::failedWriteIsReportedAndStopsWriting()
{
    RecordingDevice device(100 * 1024);
    CsvWriter csv(device);
    const QString cell(1000, QLatin1Char('y'));
    for (int row = 0; row < 300; ++row) {
        csv.addText(cell);
        csv.endRow();
    }
    QVERIFY(csv.hasError());
    const qsizetype writesAtFailure = device.writes.size();
    for (int row = 0; row < 300; ++row) {
        csv.addText(cell);
        csv.endRow();
    }
    QString error;
    QVERIFY(!csv.finish(&error));
    QCOMPARE(error, QStringLiteral("input/output error"));
    QCOMPARE(device.writes.size(), writesAtFailure);
}

QTEST_APPLESS_MAIN(TstCsvWriter)
#include "tst_csvwriter.moc"
