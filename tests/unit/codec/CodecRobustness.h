#pragma once

// The robustness checks every JSON codec's suite runs the same way: random and mutated
// frames, 16 MiB frames, and how a bad frame is quoted in its issue. Each suite passes its
// own frames and its own consistency check for a result.
#include "CodecTestSupport.h"
#include "core/codec/FeedCodec.h"

#include <QRandomGenerator>
#include <QtTest>

#include <functional>

namespace feeddeck::testing {

using ResultCheck = std::function<void(const codec::DecodeResult &)>;

// A real frame and the codec that reads it.
struct SeedFrame
{
    codec::FeedCodec *codec;
    QByteArray frame;
};

// 20000 frames: random bytes, random JSON-ish tokens (from `alphabet`), and seed frames with a
// few bytes changed. Each result must pass `check`; some mutations leave a valid frame, so some
// must decode to data (the codec is not refusing everything). Fails the test otherwise.
inline void decodeRandomAndMutatedFrames(const QList<SeedFrame> &seeds, const QByteArray &alphabet,
                                         const ResultCheck &check)
{
    QVERIFY(!seeds.isEmpty());
    QRandomGenerator random(424242);
    int data = 0;
    for (int i = 0; i < 20000; ++i) {
        QByteArray frame;
        codec::FeedCodec *codec = seeds.constFirst().codec;
        switch (i % 3) {
        case 0: // raw random bytes
            frame.resize(random.bounded(200));
            for (char &c : frame)
                c = char(random.bounded(256));
            break;
        case 1: // random JSON-ish tokens
            frame.resize(random.bounded(200));
            for (char &c : frame)
                c = alphabet.at(random.bounded(alphabet.size()));
            break;
        default: { // a real frame with a few bytes changed
            const SeedFrame &seed = seeds.at(random.bounded(seeds.size()));
            codec = seed.codec;
            frame = seed.frame;
            for (int n = 1 + random.bounded(4); n > 0; --n)
                frame[random.bounded(frame.size())] = char(random.bounded(256));
            break;
        }
        }
        const codec::DecodeResult result = codec->decode(frame, kReceivedMs);
        check(result);
        if (QTest::currentTestFailed()) {
            qWarning("inconsistent result for frame %s", frame.toHex().constData());
            return;
        }
        data += result.kind == codec::FrameKind::Data ? 1 : 0;
    }
    QVERIFY(data > 0);
}

// 16 MiB frames: a control message padded with a long string (still read as control), and a
// frame of nothing but '[', one nested `nestedPrefix` + `nestChar`... and one of random bytes
// (all bad, never a crash or a throw). Then the big buffers are given back and `normalFrame`
// still decodes to a row of `symbol`.
inline void decodeSixteenMebibyteFrames(codec::FeedCodec &codec, const QByteArray &controlPrefix,
                                        const QByteArray &nestedPrefix, char nestChar, const QByteArray &normalFrame,
                                        const QString &symbol, const ResultCheck &check)
{
    constexpr qsizetype kSize = 16 * 1024 * 1024;
    QByteArray padded = controlPrefix + R"(,"padding":")";
    padded += QByteArray(kSize - padded.size() - 2, 'x');
    padded += "\"}";
    QCOMPARE(padded.size(), kSize);
    QCOMPARE(codec.decode(padded, kReceivedMs).kind, codec::FrameKind::Control);

    QByteArray nested = nestedPrefix;
    nested += QByteArray(kSize - nested.size(), nestChar);
    QByteArray junk(kSize, '\0');
    QRandomGenerator random(7);
    random.fillRange(reinterpret_cast<quint32 *>(junk.data()), junk.size() / 4);
    for (const QByteArray &frame : {QByteArray(kSize, '['), nested, junk}) {
        const codec::DecodeResult result = codec.decode(frame, kReceivedMs);
        QCOMPARE(result.kind, codec::FrameKind::Bad);
        check(result);
    }

    const codec::DecodeResult result = codec.decode(normalFrame, kReceivedMs);
    QCOMPARE(result.kind, codec::FrameKind::Data);
    QCOMPARE(result.updates.first().symbol, symbol);
}

// A bad frame that starts with `start` and goes on with control bytes, an escape sequence,
// invalid UTF-8, a right-to-left override and 5000 more bytes: its one issue quotes the start,
// on one printable line shorter than `maxChars`, cut with an ellipsis.
inline void checkBadFrameExcerpt(codec::FeedCodec &codec, const QByteArray &start, qsizetype maxChars)
{
    QByteArray frame = start + "\r\n\t\"x\":\"\x01\x02\x1b[31m\xc3\x28\xe2\x80\xae";
    frame += QByteArray(5000, 'y');
    const codec::DecodeResult result = codec.decode(frame, kReceivedMs);
    QCOMPARE(result.kind, codec::FrameKind::Bad);
    QCOMPARE(result.issues.size(), 1);
    const QString detail = result.issues.first().detail;
    QVERIFY(isPrintableLine(detail));
    QVERIFY2(detail.size() < maxChars, qPrintable(detail));
    QVERIFY(detail.contains(QString::fromUtf8(start)));
    QVERIFY(detail.contains(QChar(0xFFFD)));
    QVERIFY(!detail.contains(QChar(0x202E))); // no right-to-left override reaches a log line
    QVERIFY(detail.endsWith(QChar(0x2026)));
}

} // namespace feeddeck::testing
