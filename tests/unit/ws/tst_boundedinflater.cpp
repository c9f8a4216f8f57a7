// The one inflater behind permessage-deflate and compressed binary payloads: every format,
// context takeover across messages, and the bound that keeps a deflate bomb out of memory.
#include "core/ws/BoundedInflater.h"

#include <QTest>

#include <zlib.h>

using feeddeck::ws::BoundedInflater;

namespace {

using Format = BoundedInflater::Format;
using Status = BoundedInflater::Status;

// zlib's windowBits for each format when compressing.
int windowBitsFor(Format format)
{
    switch (format) {
    case Format::PerMessageDeflate:
    case Format::RawDeflate:
        return -15;
    case Format::Zlib:
        return 15;
    case Format::Gzip:
        return 31;
    }
    return -15;
}

// Compresses messages with one deflate stream, as a sender with context takeover does. For
// permessage-deflate each message ends with a sync flush whose 00 00 ff ff tail is removed
// (RFC 7692 7.2.1); the other formats finish their stream.
QList<QByteArray> compress(Format format, const QList<QByteArray> &messages, int windowBits = 15)
{
    z_stream z {};
    const int bits = windowBitsFor(format) < 0 ? -windowBits : windowBitsFor(format);
    if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, bits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        qFatal("deflateInit2 failed");
    QList<QByteArray> out;
    for (const QByteArray &message : messages) {
        QByteArray buffer(int(deflateBound(&z, uLong(message.size()))) + 64, '\0');
        z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(message.constData()));
        z.avail_in = uInt(message.size());
        z.next_out = reinterpret_cast<Bytef *>(buffer.data());
        z.avail_out = uInt(buffer.size());
        const int flush = format == Format::PerMessageDeflate ? Z_SYNC_FLUSH : Z_FINISH;
        const int rc = deflate(&z, flush);
        if (rc != Z_OK && rc != Z_STREAM_END)
            qFatal("deflate failed");
        buffer.resize(buffer.size() - qsizetype(z.avail_out));
        if (format == Format::PerMessageDeflate)
            buffer.chop(4);
        else
            deflateReset(&z);
        out.append(buffer);
    }
    deflateEnd(&z);
    return out;
}

const QByteArray kTicker = R"({"type":"ticker","product_id":"BTC-USD","price":"43611.20","best_bid":"43611.19"})";

} // namespace

class TstBoundedInflater : public QObject
{
    Q_OBJECT

private slots:
    void inflatesEveryFormat_data();
    void inflatesEveryFormat();
    void contextTakeoverReadsLaterMessagesThroughEarlierOnes();
    void withoutContextTakeoverEveryMessageStandsAlone();
    void bombStopsAtTheLimitAndTheInflaterRecovers();
    void messageOfExactlyTheLimitIsKept();
    void corruptDataIsReportedNotCrashed();
    void truncatedGzipIsCorrupt();
    void largeMessageGrowsTheBufferInSteps();
};

void TstBoundedInflater::inflatesEveryFormat_data()
{
    QTest::addColumn<int>("format");
    QTest::newRow("permessage-deflate") << int(Format::PerMessageDeflate);
    QTest::newRow("raw deflate") << int(Format::RawDeflate);
    QTest::newRow("zlib") << int(Format::Zlib);
    QTest::newRow("gzip") << int(Format::Gzip);
}

void TstBoundedInflater::inflatesEveryFormat()
{
    QFETCH(int, format);
    BoundedInflater inflater(Format(format), 1024, true); // the messages share one deflate stream
    for (const QByteArray &compressed : compress(Format(format), {kTicker, kTicker + " "})) {
        QCOMPARE(inflater.inflate(compressed), Status::Ok);
        QVERIFY(inflater.output().startsWith(kTicker));
    }
}

void TstBoundedInflater::contextTakeoverReadsLaterMessagesThroughEarlierOnes()
{
    const QList<QByteArray> compressed = compress(Format::PerMessageDeflate, {kTicker, kTicker, kTicker});
    QVERIFY(compressed.at(1).size() < compressed.at(0).size() / 2); // the second refers back to the first
    BoundedInflater inflater(Format::PerMessageDeflate, 1024, true);
    for (const QByteArray &message : compressed) {
        QCOMPARE(inflater.inflate(message), Status::Ok);
        QCOMPARE(inflater.output(), QByteArrayView(kTicker));
    }
    // Without the context the second message cannot be read.
    BoundedInflater fresh(Format::PerMessageDeflate, 1024, false);
    QCOMPARE(fresh.inflate(compressed.at(0)), Status::Ok);
    QVERIFY(fresh.inflate(compressed.at(1)) != Status::Ok || fresh.output() != QByteArrayView(kTicker));
}

void TstBoundedInflater::withoutContextTakeoverEveryMessageStandsAlone()
{
    BoundedInflater inflater(Format::PerMessageDeflate, 1024, false);
    for (int i = 0; i < 3; ++i) {
        const QByteArray alone = compress(Format::PerMessageDeflate, {kTicker}).constFirst();
        QCOMPARE(inflater.inflate(alone), Status::Ok);
        QCOMPARE(inflater.output(), QByteArrayView(kTicker));
    }
}

void TstBoundedInflater::bombStopsAtTheLimitAndTheInflaterRecovers()
{
    // 64 MiB of zeros compress to about 64 KiB; the limit is 1 MiB.
    const QByteArray bomb = compress(Format::PerMessageDeflate, {QByteArray(64 * 1024 * 1024, '\0')}).constFirst();
    QVERIFY(bomb.size() < 128 * 1024);
    BoundedInflater inflater(Format::PerMessageDeflate, 1024 * 1024, true);
    QCOMPARE(inflater.inflate(bomb), Status::TooBig);
    QCOMPARE(inflater.error(), QStringLiteral("the message inflates to more than 1048576 bytes"));
    QVERIFY(inflater.output().isEmpty());
    // Starts afresh: a new stream's first message reads.
    QCOMPARE(inflater.inflate(compress(Format::PerMessageDeflate, {kTicker}).constFirst()), Status::Ok);
    QCOMPARE(inflater.output(), QByteArrayView(kTicker));
}

void TstBoundedInflater::messageOfExactlyTheLimitIsKept()
{
    const QByteArray exact(4096, 'x');
    BoundedInflater atLimit(Format::Gzip, exact.size());
    QCOMPARE(atLimit.inflate(compress(Format::Gzip, {exact}).constFirst()), Status::Ok);
    QCOMPARE(atLimit.output().size(), exact.size());
    BoundedInflater belowLimit(Format::Gzip, exact.size() - 1);
    QCOMPARE(belowLimit.inflate(compress(Format::Gzip, {exact}).constFirst()), Status::TooBig);
}

void TstBoundedInflater::corruptDataIsReportedNotCrashed()
{
    BoundedInflater inflater(Format::Zlib, 1024);
    QCOMPARE(inflater.inflate(QByteArray("not zlib at all")), Status::Corrupt);
    QVERIFY2(inflater.error().startsWith(QStringLiteral("the compressed data is corrupt (")), qPrintable(inflater.error()));
    QCOMPARE(inflater.inflate(compress(Format::Zlib, {kTicker}).constFirst()), Status::Ok);
    QCOMPARE(inflater.output(), QByteArrayView(kTicker));
}

void TstBoundedInflater::truncatedGzipIsCorrupt()
{
    QByteArray gz = compress(Format::Gzip, {kTicker}).constFirst();
    gz.chop(6);
    BoundedInflater inflater(Format::Gzip, 1024);
    QCOMPARE(inflater.inflate(gz), Status::Corrupt);
    QCOMPARE(inflater.error(), QStringLiteral("the compressed data ends before its stream does (truncated)"));
}

void TstBoundedInflater::largeMessageGrowsTheBufferInSteps()
{
    QByteArray big;
    for (int i = 0; big.size() < 3 * 1024 * 1024; ++i)
        big += QByteArray::number(i) + ',';
    BoundedInflater inflater(Format::RawDeflate, 4 * 1024 * 1024);
    QCOMPARE(inflater.inflate(compress(Format::RawDeflate, {big}).constFirst()), Status::Ok);
    QCOMPARE(inflater.output(), QByteArrayView(big));
    // The next small message still reads (the big buffer is given back first).
    QCOMPARE(inflater.inflate(compress(Format::RawDeflate, {kTicker}).constFirst()), Status::Ok);
    QCOMPARE(inflater.output(), QByteArrayView(kTicker));
}

QTEST_APPLESS_MAIN(TstBoundedInflater)
#include "tst_boundedinflater.moc"
