#include "tests/unit/support/RecordedFrames.h"

#include <QDir>
#include <QtTest>

namespace feeddeck::testing {

void FrameExpectations::data(const char *file, const QString &symbol, const Fields &fields, qint64 sourceMs)
{
    m_rows.append({.file = QString::fromLatin1(file), .kind = codec::FrameKind::Data, .symbol = symbol,
                   .fields = fields, .sourceMs = sourceMs});
}

void FrameExpectations::control(const char *file, bool ack, int issue, const QString &issueSymbol,
                                const QStringList &detailParts)
{
    m_rows.append({.file = QString::fromLatin1(file), .kind = codec::FrameKind::Control, .ack = ack, .issue = issue,
                   .issueSymbol = issueSymbol, .detailParts = detailParts});
}

void FrameExpectations::bad(const char *file, codec::IssueKind issue, const QStringList &detailParts)
{
    m_rows.append({.file = QString::fromLatin1(file), .kind = codec::FrameKind::Bad, .issue = int(issue),
                   .detailParts = detailParts});
}

namespace {

void compareDecoded(const codec::DecodeResult &result, const FrameExpectation &expected)
{
    QCOMPARE(int(result.kind), int(expected.kind));
    QCOMPARE(result.subscriptionAck, expected.ack);
    if (expected.kind == codec::FrameKind::Data) {
        QCOMPARE(result.updates.size(), 1);
        const data::Update &update = result.updates.first();
        QCOMPARE(update.symbol, expected.symbol);
        QCOMPARE(update.sourceMs, expected.sourceMs);
        QCOMPARE(update.receivedMs, kReceivedMs);
        const Fields actual = fieldsOf(update);
        QVERIFY2(actual == expected.fields, qPrintable(QStringLiteral("\nactual:   %1\nexpected: %2")
                                                           .arg(fieldsText(actual), fieldsText(expected.fields))));
    }
    if (expected.issue == kNoIssue) {
        QVERIFY(result.issues.isEmpty());
        return;
    }
    QCOMPARE(result.issues.size(), 1);
    const codec::DecodeIssue &issue = result.issues.first();
    QCOMPARE(int(issue.kind), expected.issue);
    QCOMPARE(issue.symbol, expected.issueSymbol);
    for (const QString &part : expected.detailParts)
        QVERIFY2(issue.detail.contains(part), qPrintable(QStringLiteral("\"%1\" lacks \"%2\"").arg(issue.detail, part)));
}

} // namespace

void addRecordedFrameRows(const QList<FrameExpectation> &rows)
{
    QTest::addColumn<FrameExpectation>("expected");
    for (const FrameExpectation &row : rows)
        QTest::newRow(qPrintable(row.file)) << row;
}

codec::DecodeResult checkRecordedFrame(const char *codecFolder, const FrameExpectation &expected,
                                       const DecodeFrame &decode, CheckConsistent checkConsistent)
{
    const QByteArray frame = readFrameFrom(codecFolder, expected.file);
    if (frame.isEmpty()) {
        QTest::qFail(qPrintable(QStringLiteral("no frame in %1").arg(dataPathIn(codecFolder, expected.file))),
                     __FILE__, __LINE__);
        return {};
    }
    codec::DecodeResult result = decode(frame);
    checkConsistent(result);
    if (!QTest::currentTestFailed())
        compareDecoded(result, expected);
    return result;
}

void compareRowsWithFrameFiles(const char *codecFolder, const QList<FrameExpectation> &rows)
{
    QStringList expected;
    for (const FrameExpectation &row : rows)
        expected.append(row.file);
    expected.sort();
    QStringList files = QDir(dataPathIn(codecFolder, {})).entryList({QStringLiteral("*.json")}, QDir::Files);
    files.sort();
    QCOMPARE(files, expected);
}

} // namespace feeddeck::testing
